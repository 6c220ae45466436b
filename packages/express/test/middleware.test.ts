import { startEmulator, type Emulator } from '@sessiongate/emulator';
import express5 from 'express';
import express4 from 'express4';
import type { ErrorRequestHandler, Express, RequestHandler } from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ClerkExpressMiddleware,
  ClerkExpressRequireSession,
  ClerkExpressWithSession,
  createClerkClient,
  getAuth,
} from '../src/index.js';
import { get, listen, type Listening } from './helpers.js';
import { shortLivedToken, strategies, untilExpired } from '../../../test-support/strategies.js';

const majors = [
  ['Express 5', express5 as unknown as () => Express],
  ['Express 4', express4 as unknown as () => Express],
] as const;

// Every case runs in both verification strategies (issue 8), with the same assertions; where the
// semantics differ, the case branches on `strategy.name` and says why.
const cases = majors.flatMap(([major, createApp]) => strategies.map((strategy) => [major, strategy.name, createApp, strategy] as const));

describe.each(cases)('%s, %s verification', (_major, _strategyName, createApp, strategy) => {
  let emu: Emulator;
  let server: Listening;
  let alice: string;
  let bob: string;
  let handlerRuns = 0;
  const errors: unknown[] = [];

  const foreignSession: RequestHandler = (req, _res, next) => {
    (req as { session?: unknown }).session = { userId: 'user_foreign', id: 'sess_foreign', status: 'active' };
    next();
  };

  beforeAll(async () => {
    emu = await startEmulator();
    alice = (await emu.createUser({ email: 'alice@example.test', firstName: 'Alice' })).id;
    bob = (await emu.createUser({ email: 'bob@example.test', firstName: 'Bob' })).id;
    const client = createClerkClient(strategy.options(emu));


    const app = createApp();
    app.get('/with', ClerkExpressMiddleware({ client }), (req, res) => {
      const auth = getAuth(req);
      res.json({ userId: req.session?.userId ?? null, status: auth.status });
    });
    app.get('/with-explicit', ClerkExpressWithSession(strategy.options(emu)), (req, res) => {
      res.json({ userId: req.session?.userId ?? null });
    });
    app.get('/me', ClerkExpressRequireSession({ client }), (req, res) => {
      handlerRuns++;
      res.json({ userId: req.session?.userId, sessionId: req.session?.id });
    });
    // the verification cache: a hit is decided synchronously and the route runs in the same tick
    const cachedOptions = { ...strategy.options(emu), cache: { ttlMs: 5_000 } };
    app.get('/cached', ClerkExpressMiddleware(cachedOptions), ClerkExpressRequireSession(cachedOptions), (req, res) => {
      handlerRuns++;
      res.json({ userId: req.session?.userId, status: getAuth(req).status });
    });
    app.get('/with-then-require', ClerkExpressMiddleware({ client }), ClerkExpressRequireSession({ client }), (req, res) => {
      handlerRuns++;
      res.json({ userId: req.session?.userId });
    });
    app.get('/foreign-before', foreignSession, ClerkExpressRequireSession({ client }), (req, res) => {
      handlerRuns++;
      res.json({ userId: req.session?.userId });
    });
    app.get(
      '/foreign-after',
      ClerkExpressMiddleware({ client }),
      foreignSession,
      ClerkExpressRequireSession({ client }),
      (req, res) => {
        handlerRuns++;
        res.json({ userId: req.session?.userId });
      },
    );
    app.post(
      '/action',
      ClerkExpressRequireSession({ ...strategy.options(emu), requireSessionIdForUnsafeMethods: true }),
      (req, res) => {
        handlerRuns++;
        res.json({ userId: req.session?.userId });
      },
    );
    app.get('/no-middleware', (req, res) => {
      res.json(getAuth(req));
    });
    const onError: ErrorRequestHandler = (err, _req, res, _next) => {
      errors.push(err);
      res.status(500).json({ code: (err as { code?: unknown }).code, message: (err as Error).message });
    };
    app.use(onError);
    server = await listen(app);
  });

  afterAll(async () => {
    await server?.close();
    await emu?.close();
  });

  afterEach(() => {
    emu.clearFaults();
    errors.length = 0;
  });

  it('signs in from the __session cookie, without _clerk_session_id (last active session)', async () => {
    const s = await emu.signIn({ userId: alice });
    const res = await get(`${server.url}/me`, strategy.credentialFor(s));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: alice, sessionId: s.sessionId });
  });

  it('signs in with an explicit _clerk_session_id', async () => {
    const s = await emu.signIn({ userId: alice });
    const res = await get(`${server.url}/me?_clerk_session_id=${s.sessionId}`, strategy.credentialFor(s));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: alice, sessionId: s.sessionId });
  });

  it('accepts a bearer token as well', async () => {
    const s = await emu.signIn({ userId: bob });
    const res = await fetch(`${server.url}/me`, { headers: { authorization: `Bearer ${strategy.credentialFor(s)}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: bob, sessionId: s.sessionId });
  });

  it('multi-session: the query picks the session, otherwise the last active one wins', async () => {
    const a = await emu.signIn({ userId: alice });
    const b = await emu.signIn({ userId: bob, clientToken: a.clientToken });
    expect(b.clientToken).toBe(a.clientToken);

    // Without the query: backend, the client's last active session (b); networkless, the
    // token's sid — the browser holds b's token, as the hosted frontend does after b's sign-in.
    const last = await get(`${server.url}/me`, strategy.credentialFor(b));
    expect(await last.json()).toEqual({ userId: bob, sessionId: b.sessionId });

    const picked = await get(`${server.url}/me?_clerk_session_id=${a.sessionId}`, strategy.credentialFor(a));
    expect(await picked.json()).toEqual({ userId: alice, sessionId: a.sessionId });

    // The query names a session the credential is not for as its sid. Backend: the client token
    // covers every session of the client, so it picks a. Networkless: b's token proves only b,
    // so the request is signed out (session-mismatch).
    const crossed = await get(`${server.url}/me?_clerk_session_id=${a.sessionId}`, strategy.credentialFor(b));
    if (strategy.name === 'backend') expect(await crossed.json()).toEqual({ userId: alice, sessionId: a.sessionId });
    else expect(crossed.status).toBe(401);

    // Switching the active session: the backend decides by its record of the client; a session
    // JWT names its session, so networkless mode follows the token the browser sends (the hosted
    // frontend sends a's token after the switch).
    await emu.setActiveSession(a.clientToken, a.sessionId);
    const switched = await get(`${server.url}/me`, strategy.credentialFor(b));
    expect(await switched.json()).toEqual(
      strategy.name === 'backend' ? { userId: alice, sessionId: a.sessionId } : { userId: bob, sessionId: b.sessionId },
    );
    const switchedToken = await get(`${server.url}/me`, strategy.credentialFor(a));
    expect(await switchedToken.json()).toEqual({ userId: alice, sessionId: a.sessionId });
  });

  it('signed out: require answers 401 with no body and never runs the handler; with runs with null', async () => {
    const before = handlerRuns;
    const res = await get(`${server.url}/me`);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    expect(handlerRuns).toBe(before);

    const optional = await get(`${server.url}/with`);
    expect(optional.status).toBe(200);
    expect(await optional.json()).toEqual({ userId: null, status: 'signed-out' });
    const explicit = await get(`${server.url}/with-explicit`);
    expect(await explicit.json()).toEqual({ userId: null });
  });

  it.each([
    ['an ended', (id: string) => emu.signOut(id)],
    ['a revoked', (id: string) => emu.revokeSession(id)],
  ] as const)('%s session is signed out, with and without _clerk_session_id', async (_label, end) => {
    const s = await emu.signIn({ userId: alice });
    // networkless: a short-lived token, so that the test can wait for its expiry
    const credential = strategy.name === 'backend' ? strategy.credentialFor(s) : await shortLivedToken(emu, s.sessionId);
    expect((await get(`${server.url}/me?_clerk_session_id=${s.sessionId}`, credential)).status).toBe(200);
    await end(s.sessionId);

    if (strategy.name === 'networkless') {
      // A revoke takes effect within one token lifetime: no new token is minted for the session
      // (the hosted frontend refreshes every minute), and the one already issued works until
      // its exp — then it is signed out like the backend's very next request.
      await expect(emu.mintSessionToken({ sessionId: s.sessionId })).rejects.toMatchObject({ code: 'ERR_SESSION_INACTIVE' });
      expect((await get(`${server.url}/me`, credential)).status).toBe(200);
      await untilExpired(credential);
    }
    const res = await get(`${server.url}/me?_clerk_session_id=${s.sessionId}`, credential);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    expect((await get(`${server.url}/me`, credential)).status).toBe(401);
    const optional = await get(`${server.url}/with`, credential);
    expect(await optional.json()).toEqual({ userId: null, status: 'signed-out' });
  });

  it('backend failure: 503 under require, session null under with', async () => {
    const s = await emu.signIn({ userId: alice });
    const credential = await strategy.outage(emu, s, { type: 'status', status: 500 });
    const before = handlerRuns;
    const res = await get(`${server.url}/me`, credential);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('');
    expect(res.headers.get('retry-after')).toBeNull();
    expect(handlerRuns).toBe(before);

    const optional = await get(`${server.url}/with`, credential);
    expect(optional.status).toBe(200);
    expect(await optional.json()).toEqual({ userId: null, status: 'unavailable' });
  });

  it('rate limited: 503 with the backend Retry-After', async () => {
    const s = await emu.signIn({ userId: alice });
    const credential = await strategy.outage(emu, s, { type: 'rate-limit', retryAfter: 7 });
    const res = await get(`${server.url}/me?_clerk_session_id=${s.sessionId}`, credential);
    expect(res.status).toBe(503);
    // networkless: the core's jwks-unavailable state carries no Retry-After (the JWKS fetch's
    // 429 is not passed through), so the guard sends none
    expect(res.headers.get('retry-after')).toBe(strategy.name === 'backend' ? '7' : null);
  });

  it.each([
    ['a path-like session id', '?_clerk_session_id=../users/x', 'valid'],
    ['an encoded path-like session id', '?_clerk_session_id=%2e%2e%2fusers', 'valid'],
    ['a session id with a slash', '?_clerk_session_id=sess_x/revoke%23', 'valid'],
    ['an array-shaped session id', '?_clerk_session_id[]=sess_abc', 'valid'],
    ['an object-shaped session id', '?_clerk_session_id[a]=sess_abc', 'valid'],
    ['a dotted session id key', '?_clerk_session_id.a=sess_abc', 'valid'],
    ['a repeated session id', '?_clerk_session_id=sess_abc&_clerk_session_id=sess_def', 'valid'],
    ['an empty session id', '?_clerk_session_id=', 'valid'],
    ['an over-long session id', `?_clerk_session_id=sess_${'a'.repeat(200)}`, 'valid'],
    ['a token outside the alphabet', '', '__session=<script>alert(1)</script>'],
    ['a token with a quote', '', '__session="abc\'def"'],
    ['an over-long token', '', `__session=${'a'.repeat(9000)}`],
  ])('hostile input (%s) -> 401 with zero backend calls', async (_label, query, cookie) => {
    const s = await emu.signIn({ userId: alice });
    const calls = emu.backendCalls();
    const res = cookie === 'valid' ? await get(`${server.url}/me${query}`, strategy.credentialFor(s)) : await get(`${server.url}/me${query}`, undefined, cookie);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    expect(emu.backendCalls()).toBe(calls);
  });

  it('reuses the state of a previous middleware: one verification, not two', async () => {
    const s = await emu.signIn({ userId: bob });
    const calls = emu.backendCalls();
    const res = await get(`${server.url}/with-then-require`, strategy.credentialFor(s));
    expect(await res.json()).toEqual({ userId: bob });
    // networkless: no backend call for a verification, so "not two" is the backend's count
    expect(emu.backendCalls() - calls).toBe(strategy.callsPerVerification);
  });

  it('answers repeated requests from the cache: no backend call after the first, never for another token', async () => {
    const s = await emu.signIn({ userId: alice });
    const url = `${server.url}/cached?_clerk_session_id=${s.sessionId}`;
    expect(await (await get(url, strategy.credentialFor(s))).json()).toEqual({ userId: alice, status: 'signed-in' });
    const calls = emu.backendCalls();
    const runs = handlerRuns;
    for (let i = 0; i < 3; i++) {
      expect(await (await get(url, strategy.credentialFor(s))).json()).toEqual({ userId: alice, status: 'signed-in' });
    }
    expect(emu.backendCalls()).toBe(calls);
    expect(handlerRuns).toBe(runs + 3);
    expect((await get(url, 'not_this_token')).status).toBe(401);
    expect(handlerRuns).toBe(runs + 3);
  });

  it('a foreign req.session set before the guard never authenticates', async () => {
    const before = handlerRuns;
    const res = await get(`${server.url}/foreign-before`);
    expect(res.status).toBe(401);
    expect(handlerRuns).toBe(before);
  });

  it('a foreign req.session set after ClerkExpressMiddleware never authenticates, nor replaces ours', async () => {
    const before = handlerRuns;
    expect((await get(`${server.url}/foreign-after`)).status).toBe(401);
    expect(handlerRuns).toBe(before);

    const s = await emu.signIn({ userId: alice });
    const res = await get(`${server.url}/foreign-after`, strategy.credentialFor(s));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: alice });
  });

  it('passes client options through: requireSessionIdForUnsafeMethods', async () => {
    const s = await emu.signIn({ userId: bob });
    const headers = { cookie: `__session=${strategy.credentialFor(s)}` };
    const calls = emu.backendCalls();
    const without = await fetch(`${server.url}/action`, { method: 'POST', headers });
    expect(without.status).toBe(401);
    expect(emu.backendCalls()).toBe(calls);
    const withId = await fetch(`${server.url}/action?_clerk_session_id=${s.sessionId}`, { method: 'POST', headers });
    expect(withId.status).toBe(200);
    expect(await withId.json()).toEqual({ userId: bob });
  });

  it('getAuth() without a middleware is a helpful error through the error handler', async () => {
    const res = await get(`${server.url}/no-middleware`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      code: 'ERR_NO_AUTH_STATE',
      message: '@sessiongate/express: getAuth() found no auth state — add ClerkExpressMiddleware() first',
    });
  });
});

describe('getAuth() misuse outside a server', () => {
  it('throws ERR_NO_AUTH_STATE for a request no middleware saw, even with a foreign session', () => {
    const req = { headers: {}, session: { userId: 'user_x' } } as never;
    expect(() => getAuth(req)).toThrowError(expect.objectContaining({ code: 'ERR_NO_AUTH_STATE' }));
  });
});
