import { startEmulator, type Emulator } from '@sessiongate/emulator';
import Koa, { type Middleware } from 'koa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clerkMiddleware, createClerkClient, getAuth, requireSession } from '../src/index.js';
import { get, listen, type Listening } from './helpers.js';

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

describe('Koa 3', () => {
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
    const client = createClerkClient({ apiKey: emu.apiKey, apiUrl: emu.url });

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
      route('/me', requireSession({ apiKey: emu.apiKey, apiUrl: emu.url }), (ctx) => {
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
      route('/action', requireSession({ apiKey: emu.apiKey, apiUrl: emu.url, requireSessionIdForUnsafeMethods: true }), (ctx) => {
        handlerRuns++;
        ctx.body = { userId: ctx.state.session?.userId };
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
    const res = await get(`${server.url}/me`, s.clientToken);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: alice, sessionId: s.sessionId });
  });

  it('signs in with an explicit _clerk_session_id', async () => {
    const s = await emu.signIn({ userId: alice });
    const res = await get(`${server.url}/me?_clerk_session_id=${s.sessionId}`, s.clientToken);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: alice, sessionId: s.sessionId });
  });

  it('multi-session: the query picks the session, otherwise the last active one wins', async () => {
    const a = await emu.signIn({ userId: alice });
    const b = await emu.signIn({ userId: bob, clientToken: a.clientToken });
    expect(b.clientToken).toBe(a.clientToken);

    expect(await (await get(`${server.url}/me`, a.clientToken)).json()).toEqual({ userId: bob, sessionId: b.sessionId });
    const picked = await get(`${server.url}/me?_clerk_session_id=${a.sessionId}`, a.clientToken);
    expect(await picked.json()).toEqual({ userId: alice, sessionId: a.sessionId });

    await emu.setActiveSession(a.clientToken, a.sessionId);
    expect(await (await get(`${server.url}/me`, a.clientToken)).json()).toEqual({ userId: alice, sessionId: a.sessionId });
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

  it('ended and revoked sessions are signed out', async () => {
    const ended = await emu.signIn({ userId: alice });
    await emu.signOut(ended.sessionId);
    expect((await get(`${server.url}/me?_clerk_session_id=${ended.sessionId}`, ended.clientToken)).status).toBe(401);

    const revoked = await emu.signIn({ userId: bob });
    expect((await get(`${server.url}/me`, revoked.clientToken)).status).toBe(200);
    await emu.revokeSession(revoked.sessionId);
    expect((await get(`${server.url}/me`, revoked.clientToken)).status).toBe(401);
    expect((await get(`${server.url}/me?_clerk_session_id=${revoked.sessionId}`, revoked.clientToken)).status).toBe(401);
    expect(await (await get(`${server.url}/with`, revoked.clientToken)).json()).toEqual({ userId: null, status: 'signed-out' });
  });

  it('backend failure: 503 under require, session null under with', async () => {
    const s = await emu.signIn({ userId: alice });
    emu.fault('POST /v1/clients/verify', { type: 'status', status: 500 });
    const before = handlerRuns;
    const res = await get(`${server.url}/me`, s.clientToken);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('');
    expect(res.headers.get('retry-after')).toBeNull();
    expect(handlerRuns).toBe(before);
    expect(await (await get(`${server.url}/with`, s.clientToken)).json()).toEqual({ userId: null, status: 'unavailable' });
  });

  it('rate limited: 503 with the backend Retry-After', async () => {
    const s = await emu.signIn({ userId: alice });
    emu.fault('POST /v1/clients/verify', { type: 'rate-limit', retryAfter: 12 });
    const res = await get(`${server.url}/me`, s.clientToken);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('12');
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
      cookie === 'valid' ? await get(`${server.url}/me${query}`, s.clientToken) : await get(`${server.url}/me${query}`, undefined, cookie);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    expect(emu.backendCalls()).toBe(calls);
  });

  it('requireSession after clerkMiddleware reuses the state: one verification, not two', async () => {
    const s = await emu.signIn({ userId: bob });
    const calls = emu.backendCalls();
    expect(await (await get(`${server.url}/with-then-require`, s.clientToken)).json()).toEqual({ userId: bob });
    expect(emu.backendCalls() - calls).toBe(1);
  });

  it('a foreign session (ctx.session / ctx.state.session) never authenticates', async () => {
    const before = handlerRuns;
    expect((await get(`${server.url}/foreign-before`)).status).toBe(401);
    expect((await get(`${server.url}/foreign-after`)).status).toBe(401);
    expect(handlerRuns).toBe(before);

    const s = await emu.signIn({ userId: alice });
    const res = await get(`${server.url}/foreign-after`, s.clientToken);
    expect(await res.json()).toEqual({ userId: alice });
  });

  it('passes client options through: requireSessionIdForUnsafeMethods', async () => {
    const s = await emu.signIn({ userId: bob });
    const headers = { cookie: `__session=${s.clientToken}` };
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
