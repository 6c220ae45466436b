import express5 from 'express';
import express4 from 'express4';
import type { Express } from 'express';
import { describe, expect, it } from 'vitest';
import * as adapter from '../src/index.js';
import { ClerkExpressMiddleware, ClerkExpressRequireSession, ClerkExpressWithSession, getAuth } from '../src/index.js';
import { conformanceMount, describeConformance } from '../../../test-support/conformance.js';
import { strategies } from '../../../test-support/strategies.js';
import { get, listen } from './helpers.js';
import { startEmulator } from '@sessiongate/emulator';

const majors = [
  ['Express 5', express5 as unknown as () => Express],
  ['Express 4', express4 as unknown as () => Express],
] as const;

// The conformance routes (test-support/conformance.ts), mounted in Express's idiom by the shared harness.
for (const [name, createApp] of majors) {
  describeConformance({
    name,
    mount: conformanceMount({ name: 'express', adapter, framework: createApp }),
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

// Where the state lives in Express: res.locals (localsSlot in the core), hidden, never on req.
describe.each(majors)('%s: the auth state in res.locals', (_major, createApp) => {
  it('is found by getAuth and by a later guard, and adds nothing to req nor anything visible to res.locals', async () => {
    const emu = await startEmulator();
    const alice = (await emu.createUser({ email: 'alice@example.test' })).id;
    const options = { apiUrl: emu.url, apiKey: emu.apiKey, logger: false as const };
    const app = createApp();
    app.get('/seen', ClerkExpressMiddleware(options), ClerkExpressRequireSession(options), (req, res) => {
      res.json({
        status: getAuth(req).status,
        userId: req.session?.userId ?? null,
        // Node's and the router's own symbols aside: none of the core's
        reqSymbols: Object.getOwnPropertySymbols(req).map(String).filter((name) => name.includes('sessiongate')),
        localsKeys: Object.keys(res.locals),
        // what res.render hands a template: a spread of the locals
        spreadSymbols: Object.getOwnPropertySymbols({ ...res.locals }).length,
        json: JSON.stringify(res.locals),
      });
    });
    // a middleware that replaces res.locals drops the state with it (documented: add to it instead)
    app.get('/replaced', ClerkExpressMiddleware(options), (_req, res, next) => {
      res.locals = Object.create(null);
      next();
    }, ClerkExpressRequireSession(options), (req, res) => {
      let code: string | undefined;
      try {
        getAuth(req);
      } catch (error) {
        code = (error as { code?: string }).code;
      }
      res.json({ userId: req.session?.userId ?? null, getAuthAfterGuard: code ?? 'found' });
    });
    const server = await listen(app);
    try {
      const s = await emu.signIn({ userId: alice });
      const before = emu.backendCalls();
      expect(await (await get(`${server.url}/seen`, s.clientToken)).json()).toEqual({ status: 'signed-in', userId: alice, reqSymbols: [], localsKeys: [], spreadSymbols: 0, json: '{}' });
      // one decision for the two middlewares: the guard reused the state
      expect(emu.backendCalls() - before).toBe(1);
      // the guard after the replacement decides again, for the same user, and stores a new state
      expect(await (await get(`${server.url}/replaced`, s.clientToken)).json()).toEqual({ userId: alice, getAuthAfterGuard: 'found' });
    } finally {
      await server.close();
      await emu.close();
    }
  });
});

describe('getAuth() misuse outside a server', () => {
  it('throws ERR_NO_AUTH_STATE for a request no middleware saw, even with a foreign session', () => {
    const req = { headers: {}, session: { userId: 'user_x' } } as never;
    expect(() => getAuth(req)).toThrowError(expect.objectContaining({ code: 'ERR_NO_AUTH_STATE' }));
  });
});
