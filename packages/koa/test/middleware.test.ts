import { startEmulator } from '@sessiongate/emulator';
import Koa from 'koa';
import compose from 'koa-compose';
import { describe, expect, it } from 'vitest';
import * as adapter from '../src/index.js';
import { conformanceMount, describeConformance } from '../../../test-support/conformance.js';
import { strategies } from '../../../test-support/strategies.js';
import { get } from './helpers.js';

// The conformance routes (test-support/conformance.ts), mounted in Koa's idiom by the shared
// harness: each route's middleware composed with koa-compose, as @koa/router composes a route's.
const mountKoa = conformanceMount({ name: 'koa', adapter, framework: { Koa, compose } });

describeConformance({
  name: 'Koa 3',
  mount: mountKoa,
  noAuthStateMessage: '@sessiongate/koa: getAuth() found no auth state — add clerkMiddleware() first',
});

// What only Koa has: a route composed with koa-compose, as @koa/router composes one (the harness
// composes every Koa route so; /with-then-require is clerkMiddleware, requireSession, the handler).
describe.each(strategies.map((strategy) => [strategy.name, strategy] as const))('Koa 3, %s verification: koa-compose', (_name, strategy) => {
  it('composes with koa-compose: one verification, 401 without a session', async () => {
    const emu = await startEmulator();
    let runs = 0;
    const app = (await mountKoa({ emu, strategy, ran: () => void runs++ })) as { url: string; close(): Promise<void> };
    try {
      const bob = (await emu.createUser({ email: 'bob@example.test', firstName: 'Bob' })).id;
      const s = await emu.signIn({ userId: bob });
      await get(`${app.url}/with`, strategy.credentialFor(s)); // networkless: the JWKS is fetched once, first
      const calls = emu.backendCalls();
      expect(await (await get(`${app.url}/with-then-require`, strategy.credentialFor(s))).json()).toEqual({ userId: bob });
      expect(emu.backendCalls() - calls).toBe(strategy.callsPerVerification);
      const out = await get(`${app.url}/with-then-require`);
      expect(out.status).toBe(401);
      expect(await out.text()).toBe('');
      expect(runs).toBe(1); // the signed-in request only
    } finally {
      await app.close();
      await emu.close();
    }
  });
});
