import { startEmulator, type Emulator } from '@sessiongate/emulator';
import Koa, { type Middleware } from 'koa';
import compose from 'koa-compose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clerkMiddleware, createClerkClient, getAuth, requireSession } from '../src/index.js';
import { get, listen, type Listening } from './helpers.js';
import { shortLivedToken, strategies, untilExpired } from '../../../test-support/strategies.js';

/** A tiny router so that the tests need no extra dependency: path -> middleware chain. */
function route(path: string, ...chain: Middleware[]): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== path) return next();
    let i = -1;
    const run = async (n: number): Promise<void> => {
      if (n <= i) throw new Error('next() called twice');
      i = n;
      const mw = chain[n];
      if (mw) await mw(ctx, () => run(n + 1));
    };
    await run(0);
  };
}

// Every case runs in both verification strategies (issue 8), with the same assertions; where the
// semantics differ, the case branches on `strategy.name` and says why.
describe.each(strategies.map((strategy) => [strategy.name, strategy] as const))('Koa 3, %s verification', (_strategyName, strategy) => {
  let emu: Emulator;
  let server: Listening;
  let alice: string;
  let bob: string;
  let handlerRuns = 0;

  const foreignSession: Middleware = async (ctx, next) => {
    (ctx.state as { session: unknown }).session = { userId: 'user_foreign', id: 'sess_foreign', status: 'active' };
    (ctx as unknown as { session: unknown }).session = { userId: 'user_foreign' };
    await next();
  };

  beforeAll(async () => {
    emu = await startEmulator();
    alice = (await emu.createUser({ email: 'alice@example.test', firstName: 'Alice' })).id;
    bob = (await emu.createUser({ email: 'bob@example.test', firstName: 'Bob' })).id;
    const client = createClerkClient(strategy.options(emu));

    const app = new Koa();
    app.on('error', () => {}); // expected errors are asserted through responses below
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (err) {
        ctx.status = 500;
        ctx.body = { code: (err as { code?: unknown }).code, message: (err as Error).message };
      }
    });
    app.use(
      route('/with', clerkMiddleware({ client }), (ctx) => {
        ctx.body = { userId: ctx.state.session?.userId ?? null, status: getAuth(ctx).status };
      }),
    );
    app.use(
      route('/me', requireSession(strategy.options(emu)), (ctx) => {
        handlerRuns++;
        ctx.body = { userId: ctx.state.session?.userId, sessionId: ctx.state.session?.id };
      }),
    );
    app.use(
      route('/with-then-require', clerkMiddleware({ client }), requireSession({ client }), (ctx) => {
        handlerRuns++;
        ctx.body = { userId: ctx.state.session?.userId };
      }),
    );
    app.use(
      route('/foreign-before', foreignSession, requireSession({ client }), (ctx) => {
        handlerRuns++;
        ctx.body = { userId: ctx.state.session?.userId };
      }),
    );
    app.use(
      route('/foreign-after', clerkMiddleware({ client }), foreignSession, requireSession({ client }), (ctx) => {
        handlerRuns++;
        ctx.body = { userId: ctx.state.session?.userId };
      }),
    );
    app.use(
      route('/action', requireSession({ ...strategy.options(emu), requireSessionIdForUnsafeMethods: true }), (ctx) => {
        handlerRuns++;
        ctx.body = { userId: ctx.state.session?.userId };
      }),
    );
    // koa-compose, as @koa/router composes a route's middleware
    app.use(
      route('/composed', compose([clerkMiddleware({ client }), requireSession({ client }), (ctx: Koa.Context) => {
        handlerRuns++;
        ctx.body = { userId: ctx.state.session?.userId };
      }]) as Middleware),
    );
    // the verification cache (backend strategy; the networkless strategy has its token cache):
    // a hit is decided synchronously and downstream runs in the same tick
    app.use(
      route('/cached', requireSession({ ...strategy.options(emu), cache: { ttlMs: 5_000 } }), (ctx) => {
        handlerRuns++;
        ctx.body = { userId: ctx.state.session?.userId, status: getAuth(ctx).status };
      }),
    );
    app.use(
      route('/no-middleware', (ctx) => {
        ctx.body = getAuth(ctx);
      }),
    );
    server = await listen(app);
  });

  afterAll(async () => {
    await server?.close();
    await emu?.close();
  });

  afterEach(() => {
    emu.clearFaults();
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

  it('multi-session: the query picks the session, otherwise the last active one wins', async () => {
    const a = await emu.signIn({ userId: alice });
    const b = await emu.signIn({ userId: bob, clientToken: a.clientToken });
    expect(b.clientToken).toBe(a.clientToken);

    // Without the query: backend, the client's last active session (b); networkless, the
    // token's sid — the browser holds b's token, as the hosted frontend does after b's sign-in.
    expect(await (await get(`${server.url}/me`, strategy.credentialFor(b))).json()).toEqual({ userId: bob, sessionId: b.sessionId });
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
    expect(await (await get(`${server.url}/me`, strategy.credentialFor(b))).json()).toEqual(
      strategy.name === 'backend' ? { userId: alice, sessionId: a.sessionId } : { userId: bob, sessionId: b.sessionId },
    );
    expect(await (await get(`${server.url}/me`, strategy.credentialFor(a))).json()).toEqual({ userId: alice, sessionId: a.sessionId });
  });

  it('signed out: require answers 401 with an empty body and never runs downstream; with sets null', async () => {
    const before = handlerRuns;
    const res = await get(`${server.url}/me`);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    expect(res.headers.get('content-type')).toBeNull();
    expect(handlerRuns).toBe(before);

    const optional = await get(`${server.url}/with`);
    expect(optional.status).toBe(200);
    expect(await optional.json()).toEqual({ userId: null, status: 'signed-out' });
  });

  it.each([
    ['an ended', (id: string) => emu.signOut(id)],
    ['a revoked', (id: string) => emu.revokeSession(id)],
  ] as const)('%s session is signed out, with and without _clerk_session_id', async (_label, end) => {
    const s = await emu.signIn({ userId: bob });
    // networkless: a short-lived token, so that the test can wait for its expiry
    const credential = strategy.name === 'backend' ? strategy.credentialFor(s) : await shortLivedToken(emu, s.sessionId);
    expect((await get(`${server.url}/me`, credential)).status).toBe(200);
    await end(s.sessionId);

    if (strategy.name === 'networkless') {
      // A revoke takes effect within one token lifetime: no new token is minted for the session
      // (the hosted frontend refreshes every minute), and the one already issued works until
      // its exp — then it is signed out like the backend's very next request.
      await expect(emu.mintSessionToken({ sessionId: s.sessionId })).rejects.toMatchObject({ code: 'ERR_SESSION_INACTIVE' });
      expect((await get(`${server.url}/me`, credential)).status).toBe(200);
      await untilExpired(credential);
    }
    expect((await get(`${server.url}/me`, credential)).status).toBe(401);
    expect((await get(`${server.url}/me?_clerk_session_id=${s.sessionId}`, credential)).status).toBe(401);
    expect(await (await get(`${server.url}/with`, credential)).json()).toEqual({ userId: null, status: 'signed-out' });
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
    expect(await (await get(`${server.url}/with`, credential)).json()).toEqual({ userId: null, status: 'unavailable' });
  });

  it('rate limited: 503 with the backend Retry-After', async () => {
    const s = await emu.signIn({ userId: alice });
    const credential = await strategy.outage(emu, s, { type: 'rate-limit', retryAfter: 12 });
    const res = await get(`${server.url}/me`, credential);
    expect(res.status).toBe(503);
    // networkless: the core's jwks-unavailable state carries no Retry-After (the JWKS fetch's
    // 429 is not passed through), so the guard sends none
    expect(res.headers.get('retry-after')).toBe(strategy.name === 'backend' ? '12' : null);
  });

  it.each([
    ['a path-like session id', '?_clerk_session_id=../users/x', 'valid'],
    ['an encoded path-like session id', '?_clerk_session_id=%2e%2e%2fusers', 'valid'],
    ['an array-shaped session id', '?_clerk_session_id[]=sess_abc', 'valid'],
    ['an object-shaped session id', '?_clerk_session_id[a]=sess_abc', 'valid'],
    ['a repeated session id', '?_clerk_session_id=sess_abc&_clerk_session_id=sess_def', 'valid'],
    ['an empty session id', '?_clerk_session_id=', 'valid'],
    ['a token outside the alphabet', '', '__session=<script>alert(1)</script>'],
    ['an over-long token', '', `__session=${'a'.repeat(9000)}`],
  ])('hostile input (%s) -> 401 with zero backend calls', async (_label, query, cookie) => {
    const s = await emu.signIn({ userId: alice });
    const calls = emu.backendCalls();
    const res =
      cookie === 'valid' ? await get(`${server.url}/me${query}`, strategy.credentialFor(s)) : await get(`${server.url}/me${query}`, undefined, cookie);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    expect(emu.backendCalls()).toBe(calls);
  });

  it('requireSession after clerkMiddleware reuses the state: one verification, not two', async () => {
    const s = await emu.signIn({ userId: bob });
    const calls = emu.backendCalls();
    expect(await (await get(`${server.url}/with-then-require`, strategy.credentialFor(s))).json()).toEqual({ userId: bob });
    // networkless: no backend call for a verification, so "not two" is the backend's count
    expect(emu.backendCalls() - calls).toBe(strategy.callsPerVerification);
  });

  it('composes with koa-compose: one verification, 401 without a session', async () => {
    const s = await emu.signIn({ userId: bob });
    const calls = emu.backendCalls();
    const runs = handlerRuns;
    expect(await (await get(`${server.url}/composed`, strategy.credentialFor(s))).json()).toEqual({ userId: bob });
    expect(emu.backendCalls() - calls).toBe(strategy.callsPerVerification);
    const out = await get(`${server.url}/composed`);
    expect(out.status).toBe(401);
    expect(await out.text()).toBe('');
    expect(handlerRuns).toBe(runs + 1);
  });

  it('answers repeated requests from the cache: no backend call after the first', async () => {
    const s = await emu.signIn({ userId: alice });
    const url = `${server.url}/cached?_clerk_session_id=${s.sessionId}`;
    expect(await (await get(url, strategy.credentialFor(s))).json()).toEqual({ userId: alice, status: 'signed-in' });
    const calls = emu.backendCalls();
    for (let i = 0; i < 3; i++) {
      expect(await (await get(url, strategy.credentialFor(s))).json()).toEqual({ userId: alice, status: 'signed-in' });
    }
    expect(emu.backendCalls()).toBe(calls);
    // another credential is never a hit
    expect((await get(`${server.url}/cached?_clerk_session_id=${s.sessionId}`, 'not_this_token')).status).toBe(401);
  });

  it('a foreign session (ctx.session / ctx.state.session) never authenticates', async () => {
    const before = handlerRuns;
    expect((await get(`${server.url}/foreign-before`)).status).toBe(401);
    expect((await get(`${server.url}/foreign-after`)).status).toBe(401);
    expect(handlerRuns).toBe(before);

    const s = await emu.signIn({ userId: alice });
    const res = await get(`${server.url}/foreign-after`, strategy.credentialFor(s));
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

  it('getAuth() without a middleware is a helpful error', async () => {
    const res = await get(`${server.url}/no-middleware`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      code: 'ERR_NO_AUTH_STATE',
      message: '@sessiongate/koa: getAuth() found no auth state — add clerkMiddleware() first',
    });
  });
});
