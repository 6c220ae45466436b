import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyRequireCheck,
  createDecider,
  createRequireCheck,
  expectAuthState,
  guardRequest,
  optionalCheck,
  prefixError,
  readAuthState,
  setAuthState,
  type AdapterIdiom,
  type AuthState,
  type RequireFailure,
  type SignedInState,
} from '../src/adapter.js';
import type { Session } from '../src/index.js';
import { SessiongateError } from '../src/index.js';
import { json, sessionWire, startTestBackend } from './helpers/test-backend.js';

let backend: Awaited<ReturnType<typeof startTestBackend>>;
beforeAll(async () => {
  backend = await startTestBackend((_req, res) => json(res, 200, sessionWire()));
});
afterAll(() => backend.close());

interface Req {
  url: string;
  headers: Record<string, string>;
  session?: Session | null;
}
type Call = ['pass'] | ['fail', RequireFailure] | ['error', unknown];

/** An idiom that records what it was asked to do, on the `calls` it is handed as `b`. */
const recorder: AdapterIdiom<Req, string, Call[], string> = {
  inputOf: (req) => ({ method: 'GET', url: req.url, headers: req.headers }),
  setSession(req, session) {
    req.session = session;
  },
  pass(a, calls) {
    calls.push(['pass']);
    return `${a}:pass`;
  },
  fail(a, calls, failure) {
    calls.push(['fail', failure]);
    return `${a}:fail`;
  },
  error(a, calls, error) {
    calls.push(['error', error]);
    return `${a}:error`;
  },
};

const signedIn = { status: 'signed-in', sessionId: 'sess_1', userId: 'user_1', session: { id: 'sess_1' } } as unknown as SignedInState;
const signedOut: AuthState = { status: 'signed-out', reason: 'token-missing' };
const unavailable: AuthState = { status: 'unavailable', reason: 'backend-rate-limited', retryAfter: 2 };

describe('applyRequireCheck', () => {
  it('answers a synchronous verdict in the same call: pass, or fail with the failure', () => {
    const calls: Call[] = [];
    const check = createRequireCheck({ authorize: (state) => state.userId === 'user_1' });
    expect(applyRequireCheck(check, signedIn, 'a', calls, recorder)).toBe('a:pass');
    expect(applyRequireCheck(check, signedOut, 'a', calls, recorder)).toBe('a:fail');
    expect(applyRequireCheck(check, unavailable, 'a', calls, recorder)).toBe('a:fail');
    expect(applyRequireCheck(check, { ...signedIn, userId: 'user_2' }, 'a', calls, recorder)).toBe('a:fail');
    expect(calls).toEqual([
      ['pass'],
      ['fail', { status: 401, headers: {} }],
      ['fail', { status: 503, headers: { 'retry-after': '2' } }],
      ['fail', { status: 403, headers: {} }],
    ]);
  });

  it('answers an asynchronous verdict once it settles', async () => {
    const calls: Call[] = [];
    const check = createRequireCheck({ authorize: async (state) => state.userId === 'user_1' });
    const granted = applyRequireCheck(check, signedIn, 'a', calls, recorder);
    expect(granted).toBeInstanceOf(Promise);
    expect(calls).toEqual([]);
    expect(await granted).toBe('a:pass');
    expect(await applyRequireCheck(check, { ...signedIn, userId: 'user_2' }, 'a', calls, recorder)).toBe('a:fail');
    expect(calls).toEqual([['pass'], ['fail', { status: 403, headers: {} }]]);
  });

  it('hands an authorize that throws to the error path, synchronously, never a pass', () => {
    const calls: Call[] = [];
    const boom = new Error('authorize exploded');
    const check = createRequireCheck({
      authorize: () => {
        throw boom;
      },
    });
    expect(applyRequireCheck(check, signedIn, 'a', calls, recorder)).toBe('a:error');
    expect(calls).toEqual([['error', boom]]);
  });

  it('hands an authorize that rejects to the error path, never a pass', async () => {
    const calls: Call[] = [];
    const boom = new Error('authorize rejected');
    const check = createRequireCheck({ authorize: () => Promise.reject(boom) });
    expect(await applyRequireCheck(check, signedIn, 'a', calls, recorder)).toBe('a:error');
    expect(calls).toEqual([['error', boom]]);
  });

  it('optionalCheck passes every state', () => {
    const calls: Call[] = [];
    for (const state of [signedIn, signedOut, unavailable]) expect(applyRequireCheck(optionalCheck, state, 'a', calls, recorder)).toBe('a:pass');
    expect(calls).toEqual([['pass'], ['pass'], ['pass']]);
  });
});

describe('guardRequest', () => {
  const decide = () => createDecider({ apiKey: 'sk_test_x', apiUrl: backend.url, logger: false });

  it('decides, stores, mirrors the session and answers in the same call when the core needs no I/O', () => {
    const req: Req = { url: '/', headers: {}, session: { id: 'foreign' } as Session };
    const calls: Call[] = [];
    const before = backend.requests.length;
    expect(guardRequest(req, 'a', calls, decide(), createRequireCheck(undefined), recorder)).toBe('a:fail');
    expect(req.session).toBeNull();
    expect(readAuthState(req)).toEqual({ status: 'signed-out', reason: 'token-missing' });
    expect(calls).toEqual([['fail', { status: 401, headers: {} }]]);
    expect(backend.requests.length).toBe(before);
  });

  it('reuses a stored state synchronously, without a decision', () => {
    const req: Req = { url: '/x?_clerk_session_id=sess_abc', headers: { cookie: '__session=tok123' } };
    setAuthState(req, signedIn);
    const calls: Call[] = [];
    const before = backend.requests.length;
    expect(guardRequest(req, 'a', calls, decide(), createRequireCheck(undefined), recorder)).toBe('a:pass');
    expect(req.session).toBe(signedIn.session);
    expect(calls).toEqual([['pass']]);
    expect(backend.requests.length).toBe(before);
  });

  it('answers after the backend call when the core needs I/O, then with an async authorize', async () => {
    const req: Req = { url: '/x?_clerk_session_id=sess_abc', headers: { cookie: '__session=tok123' } };
    const calls: Call[] = [];
    const check = createRequireCheck({ authorize: async (state) => state.userId === 'user_abc' });
    const result = guardRequest(req, 'a', calls, decide(), check, recorder);
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toBe('a:pass');
    expect(req.session?.id).toBe('sess_abc');
    expect(calls).toEqual([['pass']]);
  });

  it('hands a throwing or rejecting authorize to the error path after a decision, never a pass', async () => {
    for (const authorize of [
      () => {
        throw new Error('thrown');
      },
      () => Promise.reject(new Error('rejected')),
    ]) {
      const req: Req = { url: '/x?_clerk_session_id=sess_abc', headers: { cookie: '__session=tok123' } };
      const calls: Call[] = [];
      expect(await guardRequest(req, 'a', calls, decide(), createRequireCheck({ authorize }), recorder)).toBe('a:error');
      expect(calls).toHaveLength(1);
      expect(calls[0]?.[0]).toBe('error');
    }
  });

  it('hands a misconfiguration to the error path: no session mirrored, no state stored, never a pass', async () => {
    const saved = process.env.CLERK_API_KEY;
    delete process.env.CLERK_API_KEY;
    try {
      const req: Req = { url: '/', headers: { cookie: '__session=tok123' } };
      const calls: Call[] = [];
      expect(await guardRequest(req, 'a', calls, createDecider(), optionalCheck, recorder)).toBe('a:error');
      expect(calls).toEqual([['error', expect.objectContaining({ code: 'ERR_MISSING_API_KEY' })]]);
      expect(req.session).toBeUndefined();
      expect(readAuthState(req)).toBeUndefined();
    } finally {
      if (saved !== undefined) process.env.CLERK_API_KEY = saved;
    }
  });
});

describe('expectAuthState', () => {
  it('returns the stored state, or throws ERR_NO_AUTH_STATE naming the caller', () => {
    const req = {};
    expect(() => expectAuthState(req, '@sessiongate/x: getAuth()', 'add clerkMiddleware()')).toThrow(
      '@sessiongate/x: getAuth() found no auth state — add clerkMiddleware() first',
    );
    expect(() => expectAuthState(req, 'getAuth()', 'register @sessiongate/x', '(in this scope)')).toThrow(
      expect.objectContaining({ code: 'ERR_NO_AUTH_STATE', message: 'getAuth() found no auth state — register @sessiongate/x first (in this scope)' }),
    );
    setAuthState(req, signedOut);
    expect(expectAuthState(req, 'getAuth()', 'x')).toBe(signedOut);
  });
});

describe('prefixError', () => {
  it('replaces the core’s name with the package’s, keeping the error and its code', () => {
    const error = new SessiongateError('ERR_INVALID_OPTION', '@sessiongate/core: invalid option "timeoutMs": too small');
    expect(prefixError(error, '@sessiongate/x')).toBe(error);
    expect(error.message).toBe('@sessiongate/x: invalid option "timeoutMs": too small');
    expect(error.code).toBe('ERR_INVALID_OPTION');
  });

  it('prefixes other messages once, and passes non-errors through', () => {
    const error = new TypeError('boom');
    prefixError(prefixError(error, '@sessiongate/x'), '@sessiongate/x');
    expect(error.message).toBe('@sessiongate/x: boom');
    expect(prefixError('x', '@sessiongate/x')).toBe('x');
  });
});
