import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { getAuth, requireSession, withSession } from '@sessiongate/next';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { optionalRoute, requiredRoute } from './helpers/json-handlers.js';
import { startNodeServer } from './helpers/node-server.js';
import { shortLivedToken, strategies, untilExpired } from '../../../test-support/strategies.js';

// Every case runs in both verification strategies, with the same assertions; where the
// semantics differ, the case branches on `strategy.name` and says why.
describe.each(strategies.map((strategy) => [strategy.name, strategy] as const))('%s verification', (_strategyName, strategy) => {
  let emu: Emulator;
  let server: Awaited<ReturnType<typeof startNodeServer>>;
  let foreignServer: Awaited<ReturnType<typeof startNodeServer>>;
  const calls = { count: 0 };

  beforeAll(async () => {
    emu = await startEmulator();
    const options = strategy.options(emu);
    server = await startNodeServer({
      '/api/optional': optionalRoute(options),
      '/api/required': requiredRoute(options, calls),
    });
    // Another library (express-session, passport, …) already put a `session` on the request.
    foreignServer = await startNodeServer(
      {
        '/api/optional': optionalRoute(options),
        '/api/required': requiredRoute(options, calls),
        '/api/unwrapped': (req, res) => {
          try {
            getAuth(req);
            res.end('no error');
          } catch (err) {
            res.statusCode = 500;
            res.end((err as { code?: string }).code);
          }
        },
      },
      (req) => {
        (req as unknown as { session: unknown }).session = { id: 'sess_evil', userId: 'user_evil', status: 'active' };
      },
    );
  });

  afterAll(async () => {
    await server?.close();
    await foreignServer?.close();
    await emu?.close();
  });

  afterEach(() => {
    emu.clearFaults();
  });

  async function get(base: string, path: string, headers: Record<string, string> = {}) {
    const res = await fetch(base + path, { headers });
    const text = await res.text();
    return { status: res.status, text, json: res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : undefined, headers: res.headers };
  }

  const cookie = (token: string) => ({ cookie: `__session=${token}` });

  describe('withSession / requireSession through a real node:http server and the emulator', () => {
    it('signed in without _clerk_session_id: the last active session', async () => {
      const user = await emu.createUser({ email: 'ada@example.com' });
      const signedIn = await emu.signIn({ userId: user.id });
      const { sessionId } = signedIn;
      const credential = strategy.credentialFor(signedIn);
      const optional = await get(server.url, '/api/optional', cookie(credential));
      expect(optional.json).toEqual({ userId: user.id, sessionId, status: 'signed-in', reason: null });
      const before = calls.count;
      const required = await get(server.url, '/api/required', cookie(credential));
      expect(required.status).toBe(200);
      expect(required.json).toEqual({ userId: user.id, sessionId });
      expect(calls.count).toBe(before + 1);
    });

    it('signed in with _clerk_session_id, and with a Bearer token', async () => {
      const user = await emu.createUser({ email: 'grace@example.com' });
      const signedIn = await emu.signIn({ userId: user.id });
      const { sessionId } = signedIn;
      const credential = strategy.credentialFor(signedIn);
      const res = await get(server.url, `/api/required?_clerk_session_id=${sessionId}`, cookie(credential));
      expect(res.json).toEqual({ userId: user.id, sessionId });
      const bearer = await get(server.url, `/api/required?_clerk_session_id=${sessionId}`, {
        authorization: `Bearer ${credential}`,
      });
      expect(bearer.json).toEqual({ userId: user.id, sessionId });
    });

    it('multi-session: the query picks the session, otherwise the last active one', async () => {
      const a = await emu.createUser({ email: 'a@example.com' });
      const b = await emu.createUser({ email: 'b@example.com' });
      const first = await emu.signIn({ userId: a.id });
      const second = await emu.signIn({ userId: b.id, clientToken: first.clientToken });
      expect(second.clientToken).toBe(first.clientToken);
      // Without the query: backend, the client's last active session (second); networkless, the
      // token's sid — the browser holds second's token, as the hosted frontend does after that sign-in.
      const last = await get(server.url, '/api/required', cookie(strategy.credentialFor(second)));
      expect(last.json).toEqual({ userId: b.id, sessionId: second.sessionId });
      const picked = await get(server.url, `/api/required?_clerk_session_id=${first.sessionId}`, cookie(strategy.credentialFor(first)));
      expect(picked.json).toEqual({ userId: a.id, sessionId: first.sessionId });
      // The query names a session the credential is not for as its sid. Backend: the client token
      // covers every session of the client, so it picks first. Networkless: second's token proves
      // only second, so the request is signed out (session-mismatch).
      const crossed = await get(server.url, `/api/optional?_clerk_session_id=${first.sessionId}`, cookie(strategy.credentialFor(second)));
      expect(crossed.json).toEqual(
        strategy.name === 'backend'
          ? { userId: a.id, sessionId: first.sessionId, status: 'signed-in', reason: null }
          : { userId: null, sessionId: null, status: 'signed-out', reason: 'session-mismatch' },
      );
      // Switching the active session: the backend decides by its record of the client; a session
      // JWT names its session, so networkless mode follows the token the browser sends (the hosted
      // frontend sends first's token after the switch).
      await emu.setActiveSession(first.clientToken, first.sessionId);
      const switched = await get(server.url, '/api/optional', cookie(strategy.credentialFor(second)));
      expect(switched.json).toMatchObject(strategy.name === 'backend' ? { userId: a.id, sessionId: first.sessionId } : { userId: b.id, sessionId: second.sessionId });
      const switchedToken = await get(server.url, '/api/optional', cookie(strategy.credentialFor(first)));
      expect(switchedToken.json).toMatchObject({ userId: a.id, sessionId: first.sessionId });
    });

    it('signed out: 401 with no body, the handler never runs; withSession sees null', async () => {
      const before = calls.count;
      const res = await get(server.url, '/api/required');
      expect(res.status).toBe(401);
      expect(res.text).toBe('');
      expect(calls.count).toBe(before);
      const optional = await get(server.url, '/api/optional');
      expect(optional.json).toEqual({ userId: null, sessionId: null, status: 'signed-out', reason: 'token-missing' });
      const unknown = await get(server.url, '/api/required', cookie('unknowntoken123'));
      expect(unknown.status).toBe(401);
      expect(unknown.text).toBe('');
    });

    it.each([
      ['revoked', (id: string) => emu.revokeSession(id)],
      ['signed-out', (id: string) => emu.signOut(id)],
    ] as const)('a %s session is not signed in', async (label, end) => {
      const user = await emu.createUser({ email: `${label}-${strategy.name}@example.com` });
      const signedIn = await emu.signIn({ userId: user.id });
      const { sessionId } = signedIn;
      // networkless: a short-lived token, so that the test can wait for its expiry
      const credential = strategy.name === 'backend' ? strategy.credentialFor(signedIn) : await shortLivedToken(emu, sessionId);
      await end(sessionId);
      if (strategy.name === 'networkless') {
        // A revoke takes effect within one token lifetime: no new token is minted for the session
        // (the hosted frontend refreshes every minute), and the one already issued works until
        // its exp — then it is signed out like the backend's very next request.
        await expect(emu.mintSessionToken({ sessionId })).rejects.toMatchObject({ code: 'ERR_SESSION_INACTIVE' });
        expect((await get(server.url, '/api/optional', cookie(credential))).json).toMatchObject({ userId: user.id, status: 'signed-in' });
        await untilExpired(credential);
      }
      const before = calls.count;
      const res = await get(server.url, `/api/required?_clerk_session_id=${sessionId}`, cookie(credential));
      expect(res.status).toBe(401);
      expect(res.text).toBe('');
      expect(calls.count).toBe(before);
      const optional = await get(server.url, `/api/optional?_clerk_session_id=${sessionId}`, cookie(credential));
      expect(optional.json).toMatchObject({ userId: null, status: 'signed-out' });
      expect((await get(server.url, '/api/required', cookie(credential))).status).toBe(401);
    });

    it('backend unavailable: 503 (+ Retry-After when known); withSession sees null', async () => {
      const user = await emu.createUser({ email: 'down@example.com' });
      const signedIn = await emu.signIn({ userId: user.id });
      let credential = await strategy.outage(emu, signedIn, { type: 'status', status: 500 });
      const before = calls.count;
      const res = await get(server.url, '/api/required', cookie(credential));
      expect(res.status).toBe(503);
      expect(res.text).toBe('');
      expect(calls.count).toBe(before);
      const optional = await get(server.url, '/api/optional', cookie(credential));
      expect(optional.json).toMatchObject({ userId: null, status: 'unavailable' });

      emu.clearFaults();
      credential = await strategy.outage(emu, signedIn, { type: 'rate-limit', retryAfter: 7 });
      const limited = await get(server.url, '/api/required', cookie(credential));
      expect(limited.status).toBe(503);
      // networkless: the core's jwks-unavailable state carries no Retry-After (the JWKS fetch's
      // 429 is not passed through), so the guard sends none
      expect(limited.headers.get('retry-after')).toBe(strategy.name === 'backend' ? '7' : null);
    });

    it.each([
      ['path-like session id', '/api/required?_clerk_session_id=../users/x', { cookie: '__session=abc123' }],
      ['encoded session id', '/api/required?_clerk_session_id=sess_x%2F..%2Frevoke', { cookie: '__session=abc123' }],
      ['array-shaped session id', '/api/required?_clerk_session_id[]=sess_abc', { cookie: '__session=abc123' }],
      ['object-shaped session id', '/api/required?_clerk_session_id.x=sess_abc', { cookie: '__session=abc123' }],
      ['repeated session id', '/api/required?_clerk_session_id=sess_a&_clerk_session_id=sess_b', { cookie: '__session=abc123' }],
      ['empty session id', '/api/required?_clerk_session_id=', { cookie: '__session=abc123' }],
      ['token outside the alphabet', '/api/required', { cookie: '__session="<script>alert(1)</script>"' }],
      ['over-long token', '/api/required', { cookie: `__session=${'a'.repeat(9000)}` }],
      ['hostile bearer', '/api/required', { authorization: 'Bearer <img src=x onerror=alert(1)>' }],
    ])('hostile input (%s): 401 and zero backend calls', async (_name, path, headers) => {
      emu.clearRequests();
      const before = calls.count;
      const res = await get(server.url, path, headers);
      expect(res.status).toBe(401);
      expect(res.text).toBe('');
      expect(calls.count).toBe(before);
      expect(emu.backendCalls()).toBe(0);
    });

    it('a session property set by another library is never trusted', async () => {
      const before = calls.count;
      const res = await get(foreignServer.url, '/api/required');
      expect(res.status).toBe(401);
      expect(calls.count).toBe(before);
      const optional = await get(foreignServer.url, '/api/optional');
      expect(optional.json).toEqual({ userId: null, sessionId: null, status: 'signed-out', reason: 'token-missing' });
      const unwrapped = await get(foreignServer.url, '/api/unwrapped');
      expect(unwrapped.status).toBe(500);
      expect(unwrapped.text).toBe('ERR_NO_AUTH_STATE');
    });

    it('without any API key: the request fails loudly (500 from the server), the handler never runs', async () => {
      const saved = process.env.CLERK_API_KEY;
      delete process.env.CLERK_API_KEY;
      let ran = false;
      const route = requireSession(() => {
        ran = true;
      });
      const bare = await startNodeServer({
        '/api/x': (req, res) =>
          route(req, res).catch((err: Error & { code?: string }) => {
            res.statusCode = 500;
            res.end(`${err.code}|${err.message}`);
          }),
      });
      try {
        emu.clearRequests();
        const res = await get(bare.url, '/api/x', { cookie: '__session=sometoken123' });
        expect(res.status).toBe(500);
        expect(res.text).toMatch(/^ERR_MISSING_API_KEY\|/);
        expect(res.text).not.toContain('sometoken123');
        expect(ran).toBe(false);
        expect(emu.backendCalls()).toBe(0);
      } finally {
        await bare.close();
        if (saved !== undefined) process.env.CLERK_API_KEY = saved;
      }
    });

    it('misuse: a non-function handler or a bad option throws a TypeError naming the package', () => {
      expect(() => withSession(undefined as never)).toThrow(/@sessiongate\/next/);
      expect(() => requireSession(() => undefined, { proxySecret: 'short' })).toThrow(TypeError);
      expect(() => requireSession(() => undefined, { proxySecret: 'short' })).toThrow(/@sessiongate\/next.*proxySecret/);
    });
  });
});
