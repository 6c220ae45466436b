import { startEmulator } from '@sessiongate/emulator';
import Koa, { type Middleware } from 'koa';
import compose from 'koa-compose';
import { describe, expect, it } from 'vitest';
import { clerkMiddleware, createClerkClient, getAuth, requireSession } from '../src/index.js';
import { describeConformance, type MountContext } from '../../../test-support/conformance.js';
import { strategies } from '../../../test-support/strategies.js';
import { get, listen } from './helpers.js';

/** A tiny router so that the tests need no extra dependency: path -> middleware chain. */
function route(path: string, ...chain: Middleware[]): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== path || (path === '/action') !== (ctx.method === 'POST')) return next();
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

const foreignSession: Middleware = async (ctx, next) => {
  (ctx.state as { session: unknown }).session = { userId: 'user_foreign', id: 'sess_foreign', status: 'active' };
  (ctx as unknown as { session: unknown }).session = { userId: 'user_foreign' };
  await next();
};

/** The conformance routes (test-support/conformance.ts), in Koa's idiom. */
function mountKoa({ emu, strategy, ran }: MountContext) {
  const client = createClerkClient(strategy.options(emu));
  const app = new Koa();
  app.on('error', () => {}); // expected errors are asserted through responses
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      ctx.status = 500;
      ctx.body = { code: (err as { code?: unknown }).code, message: (err as Error).message };
    }
  });
  const answer = (body: (ctx: Koa.Context) => unknown): Middleware => (ctx) => {
    ran();
    ctx.body = body(ctx);
  };
  const userId = (ctx: Koa.Context) => ({ userId: ctx.state.session?.userId });
  app.use(
    route('/with', clerkMiddleware({ client }), (ctx) => {
      ctx.body = { userId: ctx.state.session?.userId ?? null, status: getAuth(ctx).status };
    }),
  );
  app.use(route('/me', requireSession(strategy.options(emu)), answer((ctx) => ({ userId: ctx.state.session?.userId, sessionId: ctx.state.session?.id }))));
  app.use(route('/with-then-require', clerkMiddleware({ client }), requireSession({ client }), answer(userId)));
  app.use(route('/foreign-before', foreignSession, requireSession({ client }), answer(userId)));
  app.use(route('/foreign-after', clerkMiddleware({ client }), foreignSession, requireSession({ client }), answer(userId)));
  app.use(route('/action', requireSession({ ...strategy.options(emu), requireSessionIdForUnsafeMethods: true }), answer(userId)));
  // koa-compose, as @koa/router composes a route's middleware
  app.use(route('/composed', compose([clerkMiddleware({ client }), requireSession({ client }), answer(userId)]) as Middleware));
  // the verification cache: a hit is decided synchronously and downstream runs in the same tick
  app.use(
    route('/cached', requireSession({ ...strategy.options(emu), cache: { ttlMs: 5_000 } }), answer((ctx) => ({ userId: ctx.state.session?.userId, status: getAuth(ctx).status }))),
  );
  app.use(
    route('/no-middleware', (ctx) => {
      ctx.body = getAuth(ctx);
    }),
  );
  return listen(app);
}

describeConformance({
  name: 'Koa 3',
  mount: mountKoa,
  noAuthStateMessage: '@sessiongate/koa: getAuth() found no auth state — add clerkMiddleware() first',
});

// What only Koa has: a route composed with koa-compose, as @koa/router composes one.
describe.each(strategies.map((strategy) => [strategy.name, strategy] as const))('Koa 3, %s verification: koa-compose', (_name, strategy) => {
  it('composes with koa-compose: one verification, 401 without a session', async () => {
    const emu = await startEmulator();
    let runs = 0;
    const app = await mountKoa({ emu, strategy, ran: () => void runs++ });
    try {
      const bob = (await emu.createUser({ email: 'bob@example.test', firstName: 'Bob' })).id;
      const s = await emu.signIn({ userId: bob });
      await get(`${app.url}/with`, strategy.credentialFor(s)); // networkless: the JWKS is fetched once, first
      const calls = emu.backendCalls();
      expect(await (await get(`${app.url}/composed`, strategy.credentialFor(s))).json()).toEqual({ userId: bob });
      expect(emu.backendCalls() - calls).toBe(strategy.callsPerVerification);
      const out = await get(`${app.url}/composed`);
      expect(out.status).toBe(401);
      expect(await out.text()).toBe('');
      expect(runs).toBe(1); // the signed-in request only
    } finally {
      await app.close();
      await emu.close();
    }
  });
});
