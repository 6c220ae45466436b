import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as adapter from '../src/adapter.js';
import { createDecider, decideAuthState, localsSlot, noAuthStateError, propertySlot, readAuthState, sessionOf, weakMapSlot, type AuthenticateRequestInput } from '../src/adapter.js';
import { SessiongateError } from '../src/index.js';
import { json, sessionWire, startTestBackend } from './helpers/test-backend.js';

let backend: Awaited<ReturnType<typeof startTestBackend>>;
beforeAll(async () => {
  backend = await startTestBackend((_req, res) => json(res, 200, sessionWire()));
});
afterAll(() => backend.close());

const inputOf = (req: { url: string; headers: Record<string, string> }): AuthenticateRequestInput => ({ method: 'GET', url: req.url, headers: req.headers });

it('public export names of @sessiongate/core/adapter', () => {
  expect(Object.keys(adapter).sort()).toMatchInlineSnapshot(`
    [
      "DEFAULT_WEBHOOK_MAX_BODY_BYTES",
      "applyRequireCheck",
      "createAuthenticator",
      "createDecider",
      "createRequireCheck",
      "createWebhookHandler",
      "decideAuthState",
      "decodeBase64url",
      "decodeBase64urlText",
      "encodeBase64url",
      "expectAuthState",
      "guardRequest",
      "localsSlot",
      "noAuthStateError",
      "optionalCheck",
      "prefixError",
      "propertySlot",
      "readAuthState",
      "readHeader",
      "readNodeRequestBody",
      "requireFailure",
      "restoreSignedInState",
      "sessionOf",
      "setAuthState",
      "weakMapSlot",
    ]
  `);
});

describe('decideAuthState', () => {
  const options = () => ({ apiKey: 'sk_test_x', apiUrl: backend.url, logger: false as const });

  it('answers synchronously when no I/O is needed, and stores the state on the target', () => {
    const req = { url: '/', headers: {} };
    const before = backend.requests.length;
    const state = decideAuthState(req, createDecider(options()), inputOf);
    expect(state).toEqual({ status: 'signed-out', reason: 'token-missing' });
    expect(readAuthState(req)).toBe(state);
    expect(backend.requests.length).toBe(before);
  });

  it('answers with a promise after a backend call, storing the state before it resolves', async () => {
    const req = { url: '/x?_clerk_session_id=sess_abc', headers: { cookie: '__session=tok123' } };
    const before = backend.requests.length;
    const result = decideAuthState(req, createDecider(options()), inputOf);
    expect(result).toBeInstanceOf(Promise);
    const state = await result;
    expect(state).toMatchObject({ status: 'signed-in', sessionId: 'sess_abc', userId: 'user_abc' });
    expect(readAuthState(req)).toBe(state);
    expect(sessionOf(state)?.id).toBe('sess_abc');
    expect(backend.requests.length).toBe(before + 1);
  });

  it('keeps the state off the target: no property is added, and a forged one is never read', () => {
    const req = { url: '/', headers: {} };
    const keys = Reflect.ownKeys(req);
    const state = decideAuthState(req, createDecider(options()), inputOf);
    expect(Reflect.ownKeys(req)).toEqual(keys);
    expect(readAuthState(req)).toBe(state);
    const forged = { url: '/', headers: {}, [Symbol.for('@sessiongate/core.auth-state')]: { status: 'signed-in', userId: 'user_forged' } };
    expect(readAuthState(forged)).toBeUndefined();
  });

  it('in the property slot: the state is an own property under a symbol of the core, not a registry one, and a forged one is never read', () => {
    const req = { url: '/', headers: {} };
    const state = decideAuthState(req, createDecider(options()), inputOf, propertySlot);
    const added = Reflect.ownKeys(req).filter((key) => key !== 'url' && key !== 'headers');
    expect(added).toHaveLength(1);
    expect(typeof added[0]).toBe('symbol');
    expect(Symbol.keyFor(added[0] as symbol)).toBeUndefined();
    expect(propertySlot.read(req)).toBe(state);
    expect(weakMapSlot.read(req)).toBeUndefined();
    // the generic reader finds a state in either slot (getAuth of any adapter)
    expect(readAuthState(req)).toBe(state);
    const forged = { url: '/', headers: {}, [Symbol.for('@sessiongate/core.auth-state-property')]: { status: 'signed-in', userId: 'user_forged' } };
    expect(propertySlot.read(forged)).toBeUndefined();
    expect(readAuthState(forged)).toBeUndefined();
    // only a value shaped as a state is one, even under the core's own symbol
    propertySlot.store(forged, { status: 'admin' } as never);
    expect(propertySlot.read(forged)).toBeUndefined();
  });

  it('in the locals slot: the state is a hidden property of Express\'s res.locals, never of req, and a forged one is never read', () => {
    // the shape Express gives a request: req.res.req === req, res.locals = Object.create(null)
    const express = () => {
      const req = { url: '/', headers: {} } as { url: string; headers: Record<string, string>; res?: { req: unknown; locals: object } };
      req.res = { req, locals: Object.create(null) as object };
      return req;
    };
    const req = express();
    const state = decideAuthState(req, createDecider(options()), inputOf, localsSlot);
    expect(Reflect.ownKeys(req)).toEqual(['url', 'headers', 'res']);
    // not enumerable: res.render's spread of the locals, Object.keys and JSON never see it
    expect({ ...req.res!.locals }).toEqual({});
    expect(Object.getOwnPropertySymbols({ ...req.res!.locals })).toEqual([]);
    const [key] = Reflect.ownKeys(req.res!.locals);
    expect(typeof key).toBe('symbol');
    expect(Symbol.keyFor(key as symbol)).toBeUndefined();
    expect(localsSlot.read(req)).toBe(state);
    expect(weakMapSlot.read(req)).toBeUndefined();
    expect(readAuthState(req)).toBe(state);
    // another request's locals are not this one's: res.req must be the request itself
    const other = express();
    other.res = req.res;
    expect(localsSlot.read(other)).toBeUndefined();
    expect(readAuthState(other)).toBeUndefined();
    // a forged registry symbol in the locals, or a value not shaped as a state, is never a state
    const forged = express();
    (forged.res!.locals as Record<symbol, unknown>)[Symbol.for('@sessiongate/core.auth-state-property')] = { status: 'signed-in', userId: 'user_forged' };
    expect(localsSlot.read(forged)).toBeUndefined();
    expect(readAuthState(forged)).toBeUndefined();
    localsSlot.store(forged, { status: 'admin' } as never);
    expect(localsSlot.read(forged)).toBeUndefined();
    expect(readAuthState(forged)).toBeUndefined();
  });

  it('the locals slot falls back to the WeakMap for a request without res.locals', () => {
    const req = { url: '/', headers: {} };
    const state = decideAuthState(req, createDecider(options()), inputOf, localsSlot);
    expect(Reflect.ownKeys(req)).toEqual(['url', 'headers']);
    expect(weakMapSlot.read(req)).toBe(state);
    expect(localsSlot.read(req)).toBe(state);
  });

  it('a state stored in one slot is reused by decideAuthState only from that slot', async () => {
    const req = { url: '/x?_clerk_session_id=sess_abc', headers: { cookie: '__session=tok123' } };
    const decide = createDecider(options());
    const first = await decideAuthState(req, decide, inputOf, propertySlot);
    const before = backend.requests.length;
    expect(decideAuthState(req, decide, inputOf, propertySlot)).toBe(first);
    expect(backend.requests.length).toBe(before);
    // the other slot holds nothing for this request: it decides again (no cache here: one call)
    expect(await decideAuthState(req, decide, inputOf, weakMapSlot)).toMatchObject({ status: 'signed-in' });
    expect(backend.requests.length).toBe(before + 1);
  });

  it('readAuthState answers undefined for what is not an object', () => {
    for (const target of [undefined, null, 'req', 42]) expect(readAuthState(target as never)).toBeUndefined();
  });

  it('reuses a stored state: no second decision, no input built', async () => {
    const req = { url: '/x?_clerk_session_id=sess_abc', headers: { cookie: '__session=tok123' } };
    const decide = createDecider(options());
    const first = await decideAuthState(req, decide, inputOf);
    const before = backend.requests.length;
    let built = 0;
    const again = decideAuthState(req, decide, (r) => {
      built++;
      return inputOf(r);
    });
    expect(again).toBe(first);
    expect(built).toBe(0);
    expect(backend.requests.length).toBe(before);
  });

  it('turns a misconfiguration into a rejected promise and stores nothing', async () => {
    const saved = process.env.CLERK_API_KEY;
    delete process.env.CLERK_API_KEY;
    try {
      const req = { url: '/', headers: { cookie: '__session=tok123' } };
      const result = decideAuthState(req, createDecider(), inputOf);
      await expect(result).rejects.toMatchObject({ code: 'ERR_MISSING_API_KEY' });
      expect(readAuthState(req)).toBeUndefined();
    } finally {
      if (saved !== undefined) process.env.CLERK_API_KEY = saved;
    }
  });
});

describe('noAuthStateError', () => {
  it('has one message shape and the code ERR_NO_AUTH_STATE', () => {
    const error = noAuthStateError('@sessiongate/x: getAuth()', 'register clerkMiddleware()');
    expect(error).toBeInstanceOf(SessiongateError);
    expect(error).toMatchObject({
      code: 'ERR_NO_AUTH_STATE',
      message: '@sessiongate/x: getAuth() found no auth state — register clerkMiddleware() first',
    });
    expect(noAuthStateError('requireSession', 'register @sessiongate/x', 'in this scope').message).toBe(
      'requireSession found no auth state — register @sessiongate/x first in this scope',
    );
  });
});
