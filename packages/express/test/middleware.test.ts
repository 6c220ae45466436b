import express5 from 'express';
import express4 from 'express4';
import type { ErrorRequestHandler, Express, RequestHandler } from 'express';
import { describe, expect, it } from 'vitest';
import {
  ClerkExpressMiddleware,
  ClerkExpressRequireSession,
  ClerkExpressWithSession,
  createClerkClient,
  getAuth,
} from '../src/index.js';
import { describeConformance, type MountContext } from '../../../test-support/conformance.js';
import { strategies } from '../../../test-support/strategies.js';
import { get, listen } from './helpers.js';
import { startEmulator } from '@sessiongate/emulator';

const majors = [
  ['Express 5', express5 as unknown as () => Express],
  ['Express 4', express4 as unknown as () => Express],
] as const;

const foreignSession: RequestHandler = (req, _res, next) => {
  (req as { session?: unknown }).session = { userId: 'user_foreign', id: 'sess_foreign', status: 'active' };
  next();
};

/** The conformance routes (test-support/conformance.ts), in Express's idiom. */
function mountExpress(createApp: () => Express) {
  return ({ emu, strategy, ran }: MountContext) => {
    const client = createClerkClient(strategy.options(emu));
    const app = createApp();
    app.get('/with', ClerkExpressMiddleware({ client }), (req, res) => {
      res.json({ userId: req.session?.userId ?? null, status: getAuth(req).status });
    });
    app.get('/me', ClerkExpressRequireSession({ client }), (req, res) => {
      ran();
      res.json({ userId: req.session?.userId, sessionId: req.session?.id });
    });
    // the verification cache: a hit is decided synchronously and the route runs in the same tick
    const cachedOptions = { ...strategy.options(emu), cache: { ttlMs: 5_000 } };
    app.get('/cached', ClerkExpressMiddleware(cachedOptions), ClerkExpressRequireSession(cachedOptions), (req, res) => {
      ran();
      res.json({ userId: req.session?.userId, status: getAuth(req).status });
    });
    app.get('/with-then-require', ClerkExpressMiddleware({ client }), ClerkExpressRequireSession({ client }), (req, res) => {
      ran();
      res.json({ userId: req.session?.userId });
    });
    app.get('/foreign-before', foreignSession, ClerkExpressRequireSession({ client }), (req, res) => {
      ran();
      res.json({ userId: req.session?.userId });
    });
    app.get('/foreign-after', ClerkExpressMiddleware({ client }), foreignSession, ClerkExpressRequireSession({ client }), (req, res) => {
      ran();
      res.json({ userId: req.session?.userId });
    });
    app.post('/action', ClerkExpressRequireSession({ ...strategy.options(emu), requireSessionIdForUnsafeMethods: true }), (req, res) => {
      ran();
      res.json({ userId: req.session?.userId });
    });
    app.get('/no-middleware', (req, res) => {
      res.json(getAuth(req));
    });
    const onError: ErrorRequestHandler = (err, _req, res, _next) => {
      res.status(500).json({ code: (err as { code?: unknown }).code, message: (err as Error).message });
    };
    app.use(onError);
    return listen(app);
  };
}

for (const [name, createApp] of majors) {
  describeConformance({
    name,
    mount: mountExpress(createApp),
    noAuthStateMessage: '@sessiongate/express: getAuth() found no auth state — add ClerkExpressMiddleware() first',
  });
}

// What only Express has: ClerkExpressWithSession, the 2021 name of the optional middleware.
describe.each(majors.flatMap(([major, createApp]) => strategies.map((strategy) => [major, strategy.name, createApp, strategy] as const)))(
  '%s, %s verification: ClerkExpressWithSession',
  (_major, _strategyName, createApp, strategy) => {
    it('goes on with req.session null when signed out, and the session when signed in', async () => {
      const emu = await startEmulator();
      const alice = (await emu.createUser({ email: 'alice@example.test', firstName: 'Alice' })).id;
      const app = createApp();
      app.get('/with-explicit', ClerkExpressWithSession(strategy.options(emu)), (req, res) => {
        res.json({ userId: req.session?.userId ?? null });
      });
      const server = await listen(app);
      try {
        expect(await (await get(`${server.url}/with-explicit`)).json()).toEqual({ userId: null });
        const s = await emu.signIn({ userId: alice });
        expect(await (await get(`${server.url}/with-explicit`, strategy.credentialFor(s))).json()).toEqual({ userId: alice });
      } finally {
        await server.close();
        await emu.close();
      }
    });
  },
);

describe('getAuth() misuse outside a server', () => {
  it('throws ERR_NO_AUTH_STATE for a request no middleware saw, even with a foreign session', () => {
    const req = { headers: {}, session: { userId: 'user_x' } } as never;
    expect(() => getAuth(req)).toThrowError(expect.objectContaining({ code: 'ERR_NO_AUTH_STATE' }));
  });
});
