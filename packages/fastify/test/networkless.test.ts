import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp, cookie, seed, type Runs, type Seeded } from './helpers.js';

// Networkless-only cases beside plugin.test.ts and scopes.test.ts, which run in both
// strategies (JWKS): the PEM key (no network at all) next to the JWKS, and forged tokens.
describe('fastify, networkless', () => {
  let s: Seeded;
  let jwks: FastifyInstance;
  let pem: FastifyInstance;
  const runs: Runs = { me: 0 };
  let token: string;
  let sessionId: string;

  beforeAll(async () => {
    s = await seed();
    ({ sessionToken: token, sessionId } = await s.emu.signIn({ userId: s.ada.id }));
    jwks = buildApp({ ...s.options, verification: 'networkless', logger: false }, runs);
    pem = buildApp({ jwtKey: s.emu.jwtPublicKey(), logger: false }, runs);
    await jwks.ready();
    await pem.ready();
  });
  afterAll(async () => {
    await jwks?.close();
    await pem?.close();
    await s?.emu.close();
  });

  it('signs in with a session JWT (JWKS and PEM), no backend call after the JWKS fetch', async () => {
    expect((await jwks.inject({ url: '/me', headers: cookie(token) })).json()).toEqual({ userId: s.ada.id, sessionId });
    s.emu.clearRequests();
    for (const app of [jwks, pem]) {
      const res = await app.inject({ url: `/me?_clerk_session_id=${sessionId}`, headers: cookie(token) });
      expect(res.statusCode).toBe(200);
      expect((await app.inject({ url: '/whoami', headers: { authorization: `Bearer ${token}` } })).json()).toMatchObject({ status: 'signed-in' });
    }
    expect(s.emu.backendCalls()).toBe(0);
  });

  it('attacks get 401 without running the handler or calling the backend', async () => {
    const before = runs.me;
    const expired = await s.emu.mintSessionToken({ sessionId, issuedAt: s.emu.now() - 300_000 });
    const wrongIss = await s.emu.mintSessionToken({ sessionId, claims: { iss: 'http://evil.example' } });
    s.emu.clearRequests();
    for (const app of [jwks, pem]) {
      expect((await app.inject({ url: '/me', headers: cookie(expired) })).statusCode).toBe(401);
      expect((await app.inject({ url: '/me', headers: cookie(wrongIss) })).statusCode).toBe(401);
      expect((await app.inject({ url: '/me?_clerk_session_id=sess_other', headers: cookie(token) })).statusCode).toBe(401);
      expect((await app.inject({ url: '/whoami', headers: cookie(expired) })).json()).toMatchObject({ status: 'signed-out', reason: 'token-expired' });
    }
    expect(runs.me).toBe(before);
    expect(s.emu.backendCalls()).toBe(0);
  });
});
