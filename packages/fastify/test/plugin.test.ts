import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as adapter from '../src/index.js';
import { buildApp, cookie, seed, type Runs, type Seeded } from './helpers.js';
import { conformanceMount, describeConformance } from '../../../test-support/conformance.js';
import { strategies } from '../../../test-support/strategies.js';

// The conformance routes (test-support/conformance.ts), mounted in Fastify's idiom by the shared
// harness: the plugin decides every request of an encapsulated scope, `requireSession` guards a
// route, and client options (requireSessionIdForUnsafeMethods, the cache) are the plugin's, so
// those routes get a scope of their own.
describeConformance({
  name: 'Fastify 5',
  mount: conformanceMount({ name: 'fastify', adapter, framework: Fastify }),
  noAuthStateMessage: 'getAuth() found no auth state — register @sessiongate/fastify first (app.register(clerkPlugin)) in this scope or a parent scope',
});

// What only Fastify has, in both verification strategies with the same assertions (where the
// semantics differ, the case branches on `strategy.name` and says why): the reasons getAuth()
// gives, a parsed body behind the guard, the route option config: { clerk: 'required' } (with the
// cache too), and hostile input beyond the conformance suite's, through app.inject.
describe.each(strategies.map((strategy) => [strategy.name, strategy] as const))('%s verification', (_strategyName, strategy) => {
  let s: Seeded;
  let app: FastifyInstance;
  const runs: Runs = { me: 0 };
  const credentialFor = strategy.credentialFor;

  beforeAll(async () => {
    s = await seed();
    app = buildApp(strategy.options(s.emu), runs);
    await app.ready();
    // One signed-in request first: in networkless mode it fetches the JWKS, after which the
    // cases below count zero backend calls per request (backend mode: one, as before).
    const warm = await s.emu.signIn({ userId: s.ada.id });
    expect((await app.inject({ url: '/me', headers: cookie(credentialFor(warm)) })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await s?.emu.close();
  });
  beforeEach(() => {
    s.emu.clearFaults();
    s.emu.clearRequests();
    runs.me = 0;
  });

  describe('signed in', () => {
    it('exposes the session and the full state to optional routes', async () => {
      const signedIn = await s.emu.signIn({ userId: s.ada.id });
      const credential = credentialFor(signedIn);
      const { sessionId } = signedIn;
      const res = await app.inject({ url: '/whoami', headers: cookie(credential) });
      expect(res.json()).toEqual({ session: { id: sessionId, userId: s.ada.id }, status: 'signed-in', reason: null });
    });

    it('lets a signed-in POST through requireSession with its body parsed', async () => {
      const signedIn = await s.emu.signIn({ userId: s.ada.id });
      const credential = credentialFor(signedIn);
      const res = await app.inject({ method: 'POST', url: '/me', headers: cookie(credential), payload: { a: 1 } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ userId: s.ada.id, body: { a: 1 } });
    });
  });

  describe('signed out', () => {
    it('gives optional routes session null and the reason', async () => {
      const res = await app.inject({ url: '/whoami' });
      expect(res.json()).toEqual({ session: null, status: 'signed-out', reason: 'token-missing' });
    });

    it('rejects a signed-out POST before the handler: no body, content-length 0, no backend call', async () => {
      const res = await app.inject({ method: 'POST', url: '/me', payload: { a: 1 } });
      expect(res.statusCode).toBe(401);
      expect(res.body).toBe('');
      expect(res.headers['content-length']).toBe('0');
      expect(runs.me).toBe(0);
      expect(s.emu.backendCalls()).toBe(0);
    });
  });

  describe('backend unavailable', () => {
    it('gives optional routes session null and the reason', async () => {
      const credential = await strategy.outage(s.emu, await s.emu.signIn({ userId: s.ada.id }), { type: 'status', status: 500 });
      const optional = await app.inject({ url: '/whoami', headers: cookie(credential) });
      expect(optional.statusCode).toBe(200);
      // the reason names what failed: the verify call, or the JWKS fetch
      const reason = strategy.name === 'backend' ? 'backend-error' : 'jwks-unavailable';
      expect(optional.json()).toEqual({ session: null, status: 'unavailable', reason });
    });

    it('answers 503 when the connection is reset', async () => {
      const credential = await strategy.outage(s.emu, await s.emu.signIn({ userId: s.ada.id }), { type: 'reset' });
      const res = await app.inject({ url: '/me', headers: cookie(credential) });
      expect(res.statusCode).toBe(503);
    });
  });

  describe('more hostile input: 401 with zero backend calls', () => {
    // beyond the conformance suite's (test-support/conformance.ts): a NUL and a bare encoded `..`
    const queries = ['_clerk_session_id=%2e%2e', '_clerk_session_id=sess_abc%00'];
    it.each(queries)('query %s', async (query) => {
      const signedIn = await s.emu.signIn({ userId: s.ada.id });
      const credential = credentialFor(signedIn);
      s.emu.clearRequests();
      const res = await app.inject({ url: `/me?${query}`, headers: cookie(credential) });
      expect(res.statusCode).toBe(401);
      expect(runs.me).toBe(0);
      expect(s.emu.backendCalls()).toBe(0);
    });

    const cookies: Array<[string, string]> = [
      ['percent-encoded space', '__session=a%20b'],
      ['object-shaped', '__session={"$gt":""}'],
      ['non-ASCII', '__session=tok\u00e9n'],
      ['backslash', '__session=a\\b'],
    ];
    it.each(cookies)('cookie: %s', async (_name, value) => {
      const res = await app.inject({ url: '/me', headers: { cookie: value } });
      expect(res.statusCode).toBe(401);
      expect(runs.me).toBe(0);
      expect(s.emu.backendCalls()).toBe(0);
    });

    // Inside the token alphabet (quotes are cookie syntax). Backend: sent, but only in the request
    // body of the one fixed verify route, so the backend answers "unknown token". Networkless: not
    // a JWT, so it is refused locally and nothing is sent.
    it.each(['__session="quoted"', '__session=../../v1/users'])('cookie %s: 401 (backend: one verify call)', async (value) => {
      const res = await app.inject({ url: '/me', headers: { cookie: value } });
      expect(res.statusCode).toBe(401);
      expect(runs.me).toBe(0);
      expect(s.emu.requests.map((r) => `${r.method} ${r.path}`)).toEqual(strategy.name === 'backend' ? ['POST /v1/clients/verify'] : []);
    });
  });

  describe('with the verification cache (a hit is decided synchronously, in the same hook call)', () => {
    it('answers repeated requests with no backend call after the first, and never for another token', async () => {
      const cached = buildApp({ ...strategy.options(s.emu), cache: { ttlMs: 5_000 } }, runs);
      try {
        const signedIn = await s.emu.signIn({ userId: s.bob.id });
        const headers = cookie(credentialFor(signedIn));
        const url = `/me?_clerk_session_id=${signedIn.sessionId}`;
        expect((await cached.inject({ url, headers })).json()).toEqual({ userId: s.bob.id, sessionId: signedIn.sessionId });
        s.emu.clearRequests();
        for (let i = 0; i < 3; i++) {
          expect((await cached.inject({ url, headers })).json()).toEqual({ userId: s.bob.id, sessionId: signedIn.sessionId });
          expect((await cached.inject({ url: `/required?_clerk_session_id=${signedIn.sessionId}`, headers })).json()).toEqual({ userId: s.bob.id });
        }
        expect(s.emu.requests).toEqual([]);
        expect(runs.me).toBe(7);
        expect((await cached.inject({ url, headers: cookie('not_this_token') })).statusCode).toBe(401);
        expect(runs.me).toBe(7);
      } finally {
        await cached.close();
      }
    });
  });

  describe("route option config: { clerk: 'required' }", () => {
    it('answers 401 in the hook and runs the handler only when signed in', async () => {
      const out = await app.inject({ url: '/required' });
      expect(out.statusCode).toBe(401);
      expect(out.body).toBe('');
      expect(runs.me).toBe(0);

      const signedIn = await s.emu.signIn({ userId: s.bob.id });
      const credential = credentialFor(signedIn);
      const inside = await app.inject({ url: '/required', headers: cookie(credential) });
      expect(inside.json()).toEqual({ userId: s.bob.id });
      expect(runs.me).toBe(1);
    });

    it('answers 503 with Retry-After when rate limited', async () => {
      const credential = await strategy.outage(s.emu, await s.emu.signIn({ userId: s.bob.id }), { type: 'rate-limit', retryAfter: 3 });
      const res = await app.inject({ url: '/required', headers: cookie(credential) });
      expect(res.statusCode).toBe(503);
      // networkless: no Retry-After from the JWKS (see 'maps 429 to 503 with Retry-After')
      expect(res.headers['retry-after']).toBe(strategy.name === 'backend' ? '3' : undefined);
    });
  });
});
