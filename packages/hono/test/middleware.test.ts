import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { Hono, type MiddlewareHandler } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clerkMiddleware, createClerkClient, getAuth, requireSession, type ClerkEnv } from '../src/index.js';
import { inProcess, serveOnLoopback, type Mounted } from './helpers.js';
import { strategies } from '../../../test-support/strategies.js';

const mounts = [
  ['@hono/node-server over loopback', serveOnLoopback],
  ['app.request (fetch only)', async (app: Hono<any>) => inProcess(app)],
] as const;

const cases = mounts.flatMap(([mount, start]) => strategies.map((strategy) => [mount, strategy.name, start, strategy] as const));

describe.each(cases)('Hono 4, %s, %s verification', (_mount, _strategyName, start, strategy) => {
  let emu: Emulator;
  let app: Mounted;
  let alice: string;
  let handlerRuns = 0;

  const foreignSession: MiddlewareHandler<ClerkEnv> = async (c, next) => {
    c.set('session', { userId: 'user_foreign', id: 'sess_foreign', status: 'active' } as never);
    await next();
  };

  beforeAll(async () => {
    emu = await startEmulator();
    alice = (await emu.createUser({ email: 'alice@example.test', firstName: 'Alice' })).id;
    const client = createClerkClient(strategy.options(emu));

    const hono = new Hono();
    hono.onError((err, c) => c.json({ code: (err as { code?: unknown }).code, message: err.message }, 500));
    hono.get('/with', clerkMiddleware({ client }), (c) => c.json({ userId: c.get('session')?.userId ?? null, status: getAuth(c).status }));
    hono.get('/me', requireSession(strategy.options(emu)), (c) => {
      handlerRuns++;
      return c.json({ userId: c.get('session')?.userId, sessionId: c.get('session')?.id });
    });
    hono.get('/with-then-require', clerkMiddleware({ client }), requireSession({ client }), (c) => {
      handlerRuns++;
      return c.json({ userId: c.get('session')?.userId });
    });
    hono.get('/foreign-before', foreignSession, requireSession({ client }), (c) => {
      handlerRuns++;
      return c.json({ userId: c.get('session')?.userId });
    });
    hono.get('/no-middleware', (c) => c.json(getAuth(c)));
    app = await start(hono);
  });

  afterAll(async () => {
    await app?.close();
    await emu?.close();
  });

  it('signed in: the session reaches the handler, and getAuth(c) says signed-in', async () => {
    const s = await emu.signIn({ userId: alice });
    const credential = strategy.credentialFor(s);
    const me = await app.send('/me', credential);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ userId: alice, sessionId: s.sessionId });
    expect(await (await app.send('/with', credential)).json()).toEqual({ userId: alice, status: 'signed-in' });
  });

  it('signed out: requireSession answers 401 with no body, the handler never runs; clerkMiddleware goes on with null', async () => {
    const before = handlerRuns;
    const res = await app.send('/me');
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    expect(handlerRuns).toBe(before);
    expect(await (await app.send('/with')).json()).toEqual({ userId: null, status: 'signed-out' });
    expect((await app.send('/me', 'not-a-token')).status).toBe(401);
  });

  it('backend failure: 503 with no body and no Retry-After under require, null under with', async () => {
    const s = await emu.signIn({ userId: alice });
    const credential = await strategy.outage(emu, s, { type: 'status', status: 500 });
    try {
      const before = handlerRuns;
      const res = await app.send('/me', credential);
      expect(res.status).toBe(503);
      expect(await res.text()).toBe('');
      expect(res.headers.get('retry-after')).toBeNull();
      expect(handlerRuns).toBe(before);
      expect(await (await app.send('/with', credential)).json()).toEqual({ userId: null, status: 'unavailable' });
    } finally {
      emu.clearFaults();
    }
  });

  it('rate limited: 503 with the backend Retry-After', async () => {
    const s = await emu.signIn({ userId: alice });
    const credential = await strategy.outage(emu, s, { type: 'rate-limit', retryAfter: 12 });
    try {
      const res = await app.send('/me', credential);
      expect(res.status).toBe(503);
      // networkless: the JWKS fetch's 429 is not passed through (jwks-unavailable carries no retryAfter)
      expect(res.headers.get('retry-after')).toBe(strategy.name === 'backend' ? '12' : null);
    } finally {
      emu.clearFaults();
    }
  });

  it('requireSession after clerkMiddleware reuses its state: one verification, not two', async () => {
    const s = await emu.signIn({ userId: alice });
    const credential = strategy.credentialFor(s);
    await app.send('/with', credential); // the JWKS, in networkless mode, is fetched by now
    const before = emu.backendCalls();
    const res = await app.send('/with-then-require', credential);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: alice });
    expect(emu.backendCalls() - before).toBe(strategy.callsPerVerification);
  });

  it('decides from its own state, never from a session variable another middleware set', async () => {
    const before = handlerRuns;
    const res = await app.send('/foreign-before');
    expect(res.status).toBe(401);
    expect(handlerRuns).toBe(before);
  });

  it('getAuth(c) without a middleware throws ERR_NO_AUTH_STATE', async () => {
    const res = await app.send('/no-middleware');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      code: 'ERR_NO_AUTH_STATE',
      message: '@sessiongate/hono: getAuth() found no auth state — register clerkMiddleware() first',
    });
  });
});

describe('misconfiguration', () => {
  it('a bad option throws at creation, naming the package', () => {
    expect(() => clerkMiddleware({ timeoutMs: -1 })).toThrow(/timeoutMs/);
    expect(() => requireSession({ client: {} as never })).toThrow(/client/);
  });

  it('no CLERK_API_KEY at first use reaches onError (500), never signed in or out', async () => {
    const saved = process.env.CLERK_API_KEY;
    delete process.env.CLERK_API_KEY;
    try {
      const hono = new Hono();
      hono.onError((err, c) => c.json({ code: (err as { code?: unknown }).code }, 500));
      hono.get('/me', requireSession(), (c) => c.text('never'));
      const res = await hono.request('/me', { headers: { cookie: '__session=tok_abc' } });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ code: 'ERR_MISSING_API_KEY' });
    } finally {
      if (saved !== undefined) process.env.CLERK_API_KEY = saved;
    }
  });
});
