import { Hono, type MiddlewareHandler } from 'hono';
import { describe, expect, it } from 'vitest';
import { clerkMiddleware, createClerkClient, getAuth, requireSession, type ClerkEnv } from '../src/index.js';
import { describeConformance, type MountContext, type MountedApp } from '../../../test-support/conformance.js';
import { inProcess, serveOnLoopback } from './helpers.js';

const foreignSession: MiddlewareHandler<ClerkEnv> = async (c, next) => {
  c.set('session', { userId: 'user_foreign', id: 'sess_foreign', status: 'active' } as never);
  await next();
};

/** The conformance routes (test-support/conformance.ts), in Hono's idiom. */
function conformanceApp({ emu, strategy, ran }: MountContext): Hono {
  const client = createClerkClient(strategy.options(emu));
  const hono = new Hono();
  hono.onError((err, c) => c.json({ code: (err as { code?: unknown }).code, message: err.message }, 500));
  hono.get('/with', clerkMiddleware({ client }), (c) => c.json({ userId: c.get('session')?.userId ?? null, status: getAuth(c).status }));
  hono.get('/me', requireSession(strategy.options(emu)), (c) => {
    ran();
    return c.json({ userId: c.get('session')?.userId, sessionId: c.get('session')?.id });
  });
  const userId = (c: { get(key: 'session'): { userId: string } | null }) => {
    ran();
    return { userId: c.get('session')?.userId };
  };
  hono.get('/with-then-require', clerkMiddleware({ client }), requireSession({ client }), (c) => c.json(userId(c)));
  hono.get('/foreign-before', foreignSession, requireSession({ client }), (c) => c.json(userId(c)));
  hono.get('/foreign-after', clerkMiddleware({ client }), foreignSession, requireSession({ client }), (c) => c.json(userId(c)));
  hono.post('/action', requireSession({ ...strategy.options(emu), requireSessionIdForUnsafeMethods: true }), (c) => c.json(userId(c)));
  hono.get('/cached', requireSession({ ...strategy.options(emu), cache: { ttlMs: 5_000 } }), (c) => {
    ran();
    return c.json({ userId: c.get('session')?.userId, status: getAuth(c).status });
  });
  hono.get('/no-middleware', (c) => c.json(getAuth(c)));
  return hono;
}

const noAuthStateMessage = '@sessiongate/hono: getAuth() found no auth state — register clerkMiddleware() first';

describeConformance({
  name: 'Hono 4, @hono/node-server over loopback',
  noAuthStateMessage,
  mount: async (context): Promise<MountedApp> => {
    const mounted = await serveOnLoopback(conformanceApp(context));
    return { request: (path, init) => mounted.send(path, undefined, init), close: mounted.close };
  },
});

describeConformance({
  name: 'Hono 4, app.request (fetch only)',
  noAuthStateMessage,
  mount: async (context): Promise<MountedApp> => {
    const mounted = inProcess(conformanceApp(context));
    return { request: (path, init) => mounted.send(path, undefined, init), close: mounted.close };
  },
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
