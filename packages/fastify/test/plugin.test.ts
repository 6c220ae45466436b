import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp, cookie, seed, type Runs, type Seeded } from './helpers.js';
import { shortLivedToken, strategies, untilExpired } from '../../../test-support/strategies.js';

// Every case runs in both verification strategies, with the same assertions; where the
// semantics differ, the case branches on `strategy.name` and says why.
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
    it('uses the last active session without _clerk_session_id (one backend call; networkless: none)', async () => {
      const signedIn = await s.emu.signIn({ userId: s.ada.id });
      const { sessionId } = signedIn;
      s.emu.clearRequests();
      const res = await app.inject({ url: '/me', headers: cookie(credentialFor(signedIn)) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ userId: s.ada.id, sessionId });
      expect(s.emu.backendCalls()).toBe(strategy.callsPerVerification);
    });

    it('verifies the session named by _clerk_session_id', async () => {
      const signedIn = await s.emu.signIn({ userId: s.ada.id });
      const credential = credentialFor(signedIn);
      const { sessionId } = signedIn;
      const res = await app.inject({ url: `/me?_clerk_session_id=${sessionId}`, headers: cookie(credential) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ userId: s.ada.id, sessionId });
    });

    it('accepts an Authorization: Bearer token', async () => {
      const signedIn = await s.emu.signIn({ userId: s.bob.id });
      const credential = credentialFor(signedIn);
      const { sessionId } = signedIn;
      const res = await app.inject({ url: '/me', headers: { authorization: `Bearer ${credential}` } });
      expect(res.json()).toEqual({ userId: s.bob.id, sessionId });
    });

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

  describe('multi-session: two users on one client', () => {
    it('picks the session from the query, otherwise the last active one', async () => {
      const first = await s.emu.signIn({ userId: s.ada.id });
      const second = await s.emu.signIn({ userId: s.bob.id, clientToken: first.clientToken });
      expect(second.clientId).toBe(first.clientId);

      // Without the query: backend, the client's last active session (second); networkless, the
      // token's sid — the browser holds second's token, as the hosted frontend does after that sign-in.
      const lastActive = await app.inject({ url: '/me', headers: cookie(credentialFor(second)) });
      expect(lastActive.json()).toEqual({ userId: s.bob.id, sessionId: second.sessionId });

      const picked = await app.inject({ url: `/me?_clerk_session_id=${first.sessionId}`, headers: cookie(credentialFor(first)) });
      expect(picked.json()).toEqual({ userId: s.ada.id, sessionId: first.sessionId });

      // The query names a session the credential is not for as its sid. Backend: the client token
      // covers every session of the client, so it picks first. Networkless: second's token proves
      // only second, so the request is signed out (session-mismatch).
      const crossedUrl = `/whoami?_clerk_session_id=${first.sessionId}`;
      const crossed = await app.inject({ url: crossedUrl, headers: cookie(credentialFor(second)) });
      expect(crossed.json()).toEqual(
        strategy.name === 'backend'
          ? { session: { id: first.sessionId, userId: s.ada.id }, status: 'signed-in', reason: null }
          : { session: null, status: 'signed-out', reason: 'session-mismatch' },
      );

      // Switching the active session: the backend decides by its record of the client; a session
      // JWT names its session, so networkless mode follows the token the browser sends (the hosted
      // frontend sends first's token after the switch).
      await s.emu.setActiveSession(first.clientToken, first.sessionId);
      const switched = await app.inject({ url: '/me', headers: cookie(credentialFor(second)) });
      expect(switched.json()).toEqual(
        strategy.name === 'backend' ? { userId: s.ada.id, sessionId: first.sessionId } : { userId: s.bob.id, sessionId: second.sessionId },
      );
      const switchedToken = await app.inject({ url: '/me', headers: cookie(credentialFor(first)) });
      expect(switchedToken.json()).toEqual({ userId: s.ada.id, sessionId: first.sessionId });
    });
  });

  describe('signed out', () => {
    it('answers 401 with no body and never runs the handler', async () => {
      const res = await app.inject({ url: '/me' });
      expect(res.statusCode).toBe(401);
      expect(res.body).toBe('');
      expect(res.headers['content-length']).toBe('0');
      expect(runs.me).toBe(0);
      expect(s.emu.backendCalls()).toBe(0);
    });

    it('gives optional routes session null and the reason', async () => {
      const res = await app.inject({ url: '/whoami' });
      expect(res.json()).toEqual({ session: null, status: 'signed-out', reason: 'token-missing' });
    });

    it('rejects an unknown token', async () => {
      const res = await app.inject({ url: '/me', headers: cookie('unknown-token-value') });
      expect(res.statusCode).toBe(401);
      expect(runs.me).toBe(0);
    });

    it('rejects a signed-out POST before the handler', async () => {
      const res = await app.inject({ method: 'POST', url: '/me', payload: { a: 1 } });
      expect(res.statusCode).toBe(401);
      expect(res.body).toBe('');
      expect(runs.me).toBe(0);
    });

    it.each([
      ['a revoked', (id: string) => s.emu.revokeSession(id)],
      ['an ended', (id: string) => s.emu.signOut(id)],
    ] as const)('rejects %s session, with and without the query', async (_label, end) => {
      const signedIn = await s.emu.signIn({ userId: s.ada.id });
      // networkless: a short-lived token, so that the test can wait for its expiry
      const credential = strategy.name === 'backend' ? credentialFor(signedIn) : await shortLivedToken(s.emu, signedIn.sessionId);
      await end(signedIn.sessionId);
      if (strategy.name === 'networkless') {
        // A revoke takes effect within one token lifetime: no new token is minted for the session
        // (the hosted frontend refreshes every minute), and the one already issued works until
        // its exp — then it is signed out like the backend's very next request.
        await expect(s.emu.mintSessionToken({ sessionId: signedIn.sessionId })).rejects.toMatchObject({ code: 'ERR_SESSION_INACTIVE' });
        expect((await app.inject({ url: '/me', headers: cookie(credential) })).statusCode).toBe(200);
        runs.me = 0;
        await untilExpired(credential);
      }
      const picked = await app.inject({ url: `/me?_clerk_session_id=${signedIn.sessionId}`, headers: cookie(credential) });
      expect(picked.statusCode).toBe(401);
      const last = await app.inject({ url: '/whoami', headers: cookie(credential) });
      expect(last.json()).toMatchObject({ session: null, status: 'signed-out' });
      expect(runs.me).toBe(0);
    });
  });

  describe('backend unavailable', () => {
    it('answers 503 under requireSession, and session null without it', async () => {
      const credential = await strategy.outage(s.emu, await s.emu.signIn({ userId: s.ada.id }), { type: 'status', status: 500 });
      const guarded = await app.inject({ url: '/me', headers: cookie(credential) });
      expect(guarded.statusCode).toBe(503);
      expect(guarded.body).toBe('');
      expect(guarded.headers['retry-after']).toBeUndefined();
      expect(runs.me).toBe(0);

      const optional = await app.inject({ url: '/whoami', headers: cookie(credential) });
      expect(optional.statusCode).toBe(200);
      // the reason names what failed: the verify call, or the JWKS fetch
      const reason = strategy.name === 'backend' ? 'backend-error' : 'jwks-unavailable';
      expect(optional.json()).toEqual({ session: null, status: 'unavailable', reason });
    });

    it('maps 429 to 503 with Retry-After', async () => {
      const signedIn = await s.emu.signIn({ userId: s.ada.id });
      const credential = await strategy.outage(s.emu, signedIn, { type: 'rate-limit', retryAfter: 7 });
      const res = await app.inject({ url: `/me?_clerk_session_id=${signedIn.sessionId}`, headers: cookie(credential) });
      expect(res.statusCode).toBe(503);
      // networkless: the core's jwks-unavailable state carries no Retry-After (the JWKS fetch's
      // 429 is not passed through), so the guard sends none
      expect(res.headers['retry-after']).toBe(strategy.name === 'backend' ? '7' : undefined);
      expect(runs.me).toBe(0);
    });

    it('answers 503 when the connection is reset', async () => {
      const credential = await strategy.outage(s.emu, await s.emu.signIn({ userId: s.ada.id }), { type: 'reset' });
      const res = await app.inject({ url: '/me', headers: cookie(credential) });
      expect(res.statusCode).toBe(503);
    });
  });

  describe('hostile input: 401 with zero backend calls', () => {
    const queries = [
      '_clerk_session_id=../users/x',
      '_clerk_session_id=sess_x%2Frevoke%23',
      '_clerk_session_id=%2e%2e',
      '_clerk_session_id[]=sess_abc',
      '_clerk_session_id[a]=sess_abc',
      '_clerk_session_id.a=sess_abc',
      '_clerk_session_id=sess_abc&_clerk_session_id=sess_def',
      '_clerk_session_id=',
      `_clerk_session_id=sess_${'a'.repeat(200)}`,
      '_clerk_session_id=sess_abc%00',
    ];
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
      ['markup', '__session=<script>alert(1)</script>'],
      ['percent-encoded space', '__session=a%20b'],
      ['object-shaped', '__session={"$gt":""}'],
      ['over-long (9000 chars)', `__session=${'a'.repeat(9000)}`],
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
