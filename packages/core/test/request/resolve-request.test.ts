import { describe, expect, it } from 'vitest';
import type { SignedOutReason } from '../../src/auth-state.js';
import { createRequestAuthenticator, type VerifyBackend } from '../../src/authenticate.js';
import type { AuthenticateRequestInput } from '../../src/request/input.js';
import { resolveRequest } from '../../src/request/resolve-request.js';

// The resolver is pure: these tests drive it directly, and again through the authenticator with
// a counting VerifyBackend (the seam between the pure decision and the network) to prove that
// every rejected request makes zero backend calls.

const TOKEN = 'tok_AbC-._~+/=9';
const ID = 'sess_2AbCdEf_9';

function countingBackend() {
  const calls: string[] = [];
  const backend: VerifyBackend = {
    verifySession: async (id) => {
      calls.push(`session ${id}`);
      throw new Error('not reached in this test');
    },
    verifyClient: async () => {
      calls.push('client');
      throw new Error('not reached in this test');
    },
  };
  return { backend, calls };
}

const resolve = (input: AuthenticateRequestInput, requireSessionIdForUnsafeMethods = false) =>
  resolveRequest(input, { requireSessionIdForUnsafeMethods });

const req = (url: string, headers: Record<string, string | string[] | undefined>, method = 'GET') => ({ method, url, headers });

type Expect = SignedOutReason | { token: string; sessionId: string | null };

const cases: Array<[name: string, input: AuthenticateRequestInput, expected: Expect, unsafeNeedsId?: boolean]> = [
  // ---- token: cookie
  ['cookie token, no id', req('/me', { cookie: `__session=${TOKEN}` }), { token: TOKEN, sessionId: null }],
  ['cookie among others, spaces', req('/me', { cookie: `a=1;  __session = ${TOKEN} ; b=2` }), { token: TOKEN, sessionId: null }],
  ['quoted cookie value', req('/me', { cookie: `__session="${TOKEN}"` }), { token: TOKEN, sessionId: null }],
  ['first __session wins', req('/me', { cookie: `__session=first; __session=second` }), { token: 'first', sessionId: null }],
  ['first __session wins across Cookie headers', req('/me', { cookie: ['a=1', '__session=one', '__session=two'] }), { token: 'one', sessionId: null }],
  ['cookie wins over bearer', req('/me', { cookie: `__session=fromcookie`, authorization: 'Bearer frombearer' }), { token: 'fromcookie', sessionId: null }],
  ['similar names do not match', req('/me', { cookie: `__session_x=a; x__session=b; __Session=c` }), 'token-missing'],
  ['pair without = is not __session', req('/me', { cookie: `__session; a=b` }), 'token-missing'],
  ['empty cookie falls back to bearer', req('/me', { cookie: `__session=; a=1`, authorization: `Bearer ${TOKEN}` }), { token: TOKEN, sessionId: null }],
  ['empty quoted cookie, no bearer', req('/me', { cookie: `__session=""` }), 'token-missing'],
  ['capitalised Cookie key in a plain object', req('/me', { Cookie: `__session=${TOKEN}` }), { token: TOKEN, sessionId: null }],
  ['cookie with space inside', req('/me', { cookie: `__session=ab cd` }), 'token-malformed'],
  ['cookie with comma', req('/me', { cookie: `__session=ab,cd` }), 'token-malformed'],
  ['percent-encoded cookie is not decoded', req('/me', { cookie: `__session=ab%3Dcd` }), 'token-malformed'],
  ['malformed cookie does not fall back to a good bearer', req('/me', { cookie: `__session=a<b`, authorization: `Bearer ${TOKEN}` }), 'token-malformed'],
  // ---- token: bearer
  ['bearer', req('/me', { authorization: `Bearer ${TOKEN}` }), { token: TOKEN, sessionId: null }],
  ['bearer scheme case-insensitive, extra spaces', req('/me', { authorization: `  bEaReR   ${TOKEN}  ` }), { token: TOKEN, sessionId: null }],
  ['bearer with a tab', req('/me', { authorization: `Bearer\t${TOKEN}` }), { token: TOKEN, sessionId: null }],
  ['bearer in a one-element array', req('/me', { authorization: [`Bearer ${TOKEN}`] }), { token: TOKEN, sessionId: null }],
  ['Basic scheme is not ours', req('/me', { authorization: 'Basic dXNlcjpwYXNz' }), 'token-missing'],
  ['Bearer without a token', req('/me', { authorization: 'Bearer' }), 'token-missing'],
  ['Bearer and spaces only', req('/me', { authorization: 'Bearer    ' }), 'token-missing'],
  ['BearerX glued scheme', req('/me', { authorization: `Bearer${TOKEN}` }), 'token-missing'],
  ['empty authorization', req('/me', { authorization: '' }), 'token-missing'],
  ['two words after Bearer', req('/me', { authorization: 'Bearer a b' }), 'token-malformed'],
  ['two Authorization headers', req('/me', { authorization: ['Bearer a', 'Bearer b'] }), 'token-malformed'],
  ['Headers-joined Authorization values', { method: 'GET', url: '/me', headers: joinedAuthorization() }, 'token-malformed'],
  ['no headers at all', req('/me', {}), 'token-missing'],
  ['headers missing from the object', { url: '/me' } as unknown as AuthenticateRequestInput, 'token-missing'],
  ['non-string header values are ignored', { url: '/me', headers: { cookie: 42 as unknown as string } }, 'token-missing'],
  // ---- hostile tokens
  ['token of 8192 chars is accepted', req('/me', { authorization: `Bearer ${'a'.repeat(8192)}` }), { token: 'a'.repeat(8192), sessionId: null }],
  ['token of 8193 chars', req('/me', { authorization: `Bearer ${'a'.repeat(8193)}` }), 'token-malformed'],
  ['huge cookie token', req('/me', { cookie: `__session=${'A'.repeat(100_000)}` }), 'token-malformed'],
  ['token with quote', req('/me', { authorization: 'Bearer abc"def' }), 'token-malformed'],
  ['token with semicolon', req('/me', { authorization: 'Bearer abc;def' }), 'token-malformed'],
  ['token with NUL', req('/me', { authorization: 'Bearer abc\u0000def' }), 'token-malformed'],
  ['token with CRLF', req('/me', { cookie: '__session=abc\r\nx: y' }), 'token-malformed'],
  ['token with non-ASCII look-alike', req('/me', { authorization: 'Bearer аbc' }), 'token-malformed'],
  ['token with percent', req('/me', { authorization: 'Bearer a%2Fb' }), 'token-malformed'],
  ['token with path traversal', req('/me', { authorization: 'Bearer ../../x' }), { token: '../../x', sessionId: null }],
  // ---- session id
  ['explicit id', req(`/me?_clerk_session_id=${ID}`, { cookie: `__session=${TOKEN}` }), { token: TOKEN, sessionId: ID }],
  ['explicit id in an absolute URL', req(`https://app.example/me?x=1&_clerk_session_id=${ID}&y=2`, { cookie: `__session=${TOKEN}` }), { token: TOKEN, sessionId: ID }],
  ['id of 128 chars after sess_', req(`/me?_clerk_session_id=sess_${'a'.repeat(128)}`, { cookie: 'a=1; __session=t' }), { token: 't', sessionId: `sess_${'a'.repeat(128)}` }],
  ['id decoded once (letters percent-encoded)', req('/me?_clerk_session_id=sess_%41bc', { cookie: '__session=t' }), { token: 't', sessionId: 'sess_Abc' }],
  ['encoded key counts as the key', req(`/me?%5Fclerk_session_id=${ID}`, { cookie: '__session=t' }), { token: 't', sessionId: ID }],
  ['id only in the fragment is ignored', req(`/me#?_clerk_session_id=../x`, { cookie: '__session=t' }), { token: 't', sessionId: null }],
  ['fragment after the id is cut off', req(`/me?_clerk_session_id=${ID}#frag`, { cookie: '__session=t' }), { token: 't', sessionId: ID }],
  ['other keys that merely contain the name', req(`/me?x_clerk_session_id=../a&_clerk_session_idx=1`, { cookie: '__session=t' }), { token: 't', sessionId: null }],
  ['repeated id', req(`/me?_clerk_session_id=${ID}&_clerk_session_id=${ID}`, { cookie: '__session=t' }), 'session-id-malformed'],
  ['repeated id, second encoded', req(`/me?_clerk_session_id=${ID}&%5Fclerk_session_id=sess_b`, { cookie: '__session=t' }), 'session-id-malformed'],
  ['empty id', req('/me?_clerk_session_id=', { cookie: '__session=t' }), 'session-id-malformed'],
  ['id without =', req('/me?_clerk_session_id', { cookie: '__session=t' }), 'session-id-malformed'],
  ['qs array', req(`/me?_clerk_session_id[]=${ID}`, { cookie: '__session=t' }), 'session-id-malformed'],
  ['qs array, encoded brackets', req(`/me?_clerk_session_id%5B%5D=${ID}`, { cookie: '__session=t' }), 'session-id-malformed'],
  ['qs indexed array', req(`/me?_clerk_session_id[0]=${ID}`, { cookie: '__session=t' }), 'session-id-malformed'],
  ['qs object', req(`/me?_clerk_session_id[a]=${ID}`, { cookie: '__session=t' }), 'session-id-malformed'],
  ['qs dotted object', req(`/me?_clerk_session_id.x=${ID}`, { cookie: '__session=t' }), 'session-id-malformed'],
  ['qs array next to a valid id', req(`/me?_clerk_session_id=${ID}&_clerk_session_id[]=sess_b`, { cookie: '__session=t' }), 'session-id-malformed'],
  ['over-long id', req(`/me?_clerk_session_id=sess_${'a'.repeat(129)}`, { cookie: '__session=t' }), 'session-id-malformed'],
  ['path traversal', req('/me?_clerk_session_id=../users/x', { cookie: '__session=t' }), 'session-id-malformed'],
  ['slash and fragment', req('/me?_clerk_session_id=sess_x/revoke%23', { cookie: '__session=t' }), 'session-id-malformed'],
  ['slash then real fragment', req('/me?_clerk_session_id=sess_x/revoke#', { cookie: '__session=t' }), 'session-id-malformed'],
  ['encoded dots', req('/me?_clerk_session_id=%2e%2e', { cookie: '__session=t' }), 'session-id-malformed'],
  ['encoded slash', req('/me?_clerk_session_id=sess_a%2F..%2Fb', { cookie: '__session=t' }), 'session-id-malformed'],
  ['double-encoded', req('/me?_clerk_session_id=sess_a%252F', { cookie: '__session=t' }), 'session-id-malformed'],
  ['invalid percent sequence', req('/me?_clerk_session_id=sess_a%zz', { cookie: '__session=t' }), 'session-id-malformed'],
  ['plus is a space', req('/me?_clerk_session_id=sess_a+b', { cookie: '__session=t' }), 'session-id-malformed'],
  ['trailing encoded space', req('/me?_clerk_session_id=sess_a%20', { cookie: '__session=t' }), 'session-id-malformed'],
  ['NUL', req('/me?_clerk_session_id=sess_a%00', { cookie: '__session=t' }), 'session-id-malformed'],
  ['newline', req('/me?_clerk_session_id=sess_a%0A', { cookie: '__session=t' }), 'session-id-malformed'],
  ['unicode look-alike (Cyrillic s)', req('/me?_clerk_session_id=%D1%95ess_a', { cookie: '__session=t' }), 'session-id-malformed'],
  ['fullwidth underscore', req('/me?_clerk_session_id=sess%EF%BC%BFa', { cookie: '__session=t' }), 'session-id-malformed'],
  ['wrong prefix', req('/me?_clerk_session_id=user_abc', { cookie: '__session=t' }), 'session-id-malformed'],
  ['prefix only', req('/me?_clerk_session_id=sess_', { cookie: '__session=t' }), 'session-id-malformed'],
  ['upper-case prefix', req('/me?_clerk_session_id=SESS_abc', { cookie: '__session=t' }), 'session-id-malformed'],
  ['raw tab in the key is removed like WHATWG URL does', req('/me?_clerk_\tsession_id=../x', { cookie: '__session=t' }), 'session-id-malformed'],
  ['non-string url', { url: 42 as unknown as string, headers: { cookie: '__session=t' } }, 'session-id-malformed'],
  ['unparseable absolute URL still only reads its query', req('http://[::1/me?_clerk_session_id=../x', { cookie: '__session=t' }), 'session-id-malformed'],
  ['token checked before id', req('/me?_clerk_session_id=../x', {}), 'token-missing'],
  // ---- unsafe methods
  ['POST without id, option off', req('/me', { cookie: '__session=t' }, 'POST'), { token: 't', sessionId: null }],
  ['POST without id, option on', req('/me', { cookie: '__session=t' }, 'POST'), 'session-id-required', true],
  ['put (lower case) without id, option on', req('/me', { cookie: '__session=t' }, 'put'), 'session-id-required', true],
  ['PATCH without id, option on', req('/me', { cookie: '__session=t' }, 'PATCH'), 'session-id-required', true],
  ['DELETE without id, option on', req('/me', { cookie: '__session=t' }, 'DELETE'), 'session-id-required', true],
  ['POST with id, option on', req(`/me?_clerk_session_id=${ID}`, { cookie: '__session=t' }, 'POST'), { token: 't', sessionId: ID }, true],
  ['GET without id, option on', req('/me', { cookie: '__session=t' }, 'GET'), { token: 't', sessionId: null }, true],
  ['HEAD without id, option on', req('/me', { cookie: '__session=t' }, 'HEAD'), { token: 't', sessionId: null }, true],
  ['no method counts as GET', { url: '/me', headers: { cookie: '__session=t' } }, { token: 't', sessionId: null }, true],
  ['token-missing beats session-id-required', req('/me', {}, 'POST'), 'token-missing', true],
  // ---- WHATWG Request
  ['Request with cookie and id', new Request(`http://x.test/me?_clerk_session_id=${ID}`, { headers: { cookie: `__session=${TOKEN}` } }), { token: TOKEN, sessionId: ID }],
  ['Request with two Cookie headers', requestWithTwoCookies(), { token: 'second-header', sessionId: null }],
  ['Request POST without id, option on', new Request('http://x.test/me', { method: 'POST', headers: { authorization: 'Bearer t' } }), 'session-id-required', true],
  ['Request with repeated id', new Request(`http://x.test/me?_clerk_session_id=${ID}&_clerk_session_id=${ID}`, { headers: { authorization: 'Bearer t' } }), 'session-id-malformed'],
];

function joinedAuthorization(): Headers {
  const h = new Headers();
  h.append('authorization', 'Bearer a');
  h.append('authorization', 'Bearer b');
  return h;
}

function requestWithTwoCookies(): Request {
  const h = new Headers();
  h.append('cookie', 'a=1');
  h.append('cookie', '__session=second-header');
  return new Request('http://x.test/me', { headers: h });
}

describe('resolveRequest (pure)', () => {
  it.each(cases)('%s', (_name, input, expected, unsafeNeedsId = false) => {
    const resolved = resolve(input, unsafeNeedsId);
    if (typeof expected === 'string') expect(resolved).toEqual({ status: 'signed-out', reason: expected });
    else expect(resolved).toEqual({ status: 'verify', ...expected });
  });

  it('returns the same frozen state object for the same reason (no allocation per rejection)', () => {
    const a = resolve(req('/me', {}));
    const b = resolve(req('/other', {}));
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
  });
});

describe('authenticateRequest makes zero backend calls for every signed-out decision', () => {
  const signedOutCases = cases.filter(([, , expected]) => typeof expected === 'string');

  it.each(signedOutCases)('%s', async (_name, input, expected, unsafeNeedsId = false) => {
    const { backend, calls } = countingBackend();
    const authenticate = createRequestAuthenticator(backend, {
      requireSessionIdForUnsafeMethods: unsafeNeedsId,
      cache: { ttlMs: 1000, max: 10 },
      logger: false,
    });
    await expect(authenticate(input)).resolves.toEqual({ status: 'signed-out', reason: expected });
    expect(calls).toEqual([]);
  });

  it('every accepted request makes exactly one call, to the right endpoint', async () => {
    for (const [name, input, expected, unsafeNeedsId = false] of cases) {
      if (typeof expected === 'string') continue;
      const { backend, calls } = countingBackend();
      const authenticate = createRequestAuthenticator(backend, { requireSessionIdForUnsafeMethods: unsafeNeedsId, cache: false, logger: false });
      const state = await authenticate(input);
      expect(state.status, name).toBe('unavailable'); // the fake backend throws a plain Error
      expect(calls, name).toEqual([expected.sessionId === null ? 'client' : `session ${expected.sessionId}`]);
    }
  });

  it('rejects a non-object argument with a TypeError naming the package', async () => {
    const { backend, calls } = countingBackend();
    const authenticate = createRequestAuthenticator(backend, { requireSessionIdForUnsafeMethods: false, cache: false, logger: false });
    await expect(authenticate(undefined as never)).rejects.toThrow(/@sessiongate\/core: authenticateRequest/);
    expect(calls).toEqual([]);
  });
});
