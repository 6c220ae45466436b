import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { getAuth, requireSession, withSession } from '@sessiongate/next';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { optionalRoute, requiredRoute } from './helpers/json-handlers.js';
import { startNodeServer } from './helpers/node-server.js';

let emu: Emulator;
let server: Awaited<ReturnType<typeof startNodeServer>>;
let foreignServer: Awaited<ReturnType<typeof startNodeServer>>;
const calls = { count: 0 };

beforeAll(async () => {
  emu = await startEmulator();
  const options = { apiKey: emu.apiKey, apiUrl: emu.url };
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
    const { clientToken, sessionId } = await emu.signIn({ userId: user.id });
    const optional = await get(server.url, '/api/optional', cookie(clientToken));
    expect(optional.json).toEqual({ userId: user.id, sessionId, status: 'signed-in', reason: null });
    const before = calls.count;
    const required = await get(server.url, '/api/required', cookie(clientToken));
    expect(required.status).toBe(200);
    expect(required.json).toEqual({ userId: user.id, sessionId });
    expect(calls.count).toBe(before + 1);
  });

  it('signed in with _clerk_session_id, and with a Bearer token', async () => {
    const user = await emu.createUser({ email: 'grace@example.com' });
    const { clientToken, sessionId } = await emu.signIn({ userId: user.id });
    const res = await get(server.url, `/api/required?_clerk_session_id=${sessionId}`, cookie(clientToken));
    expect(res.json).toEqual({ userId: user.id, sessionId });
    const bearer = await get(server.url, `/api/required?_clerk_session_id=${sessionId}`, {
      authorization: `Bearer ${clientToken}`,
    });
    expect(bearer.json).toEqual({ userId: user.id, sessionId });
  });

  it('multi-session: the query picks the session, otherwise the last active one', async () => {
    const a = await emu.createUser({ email: 'a@example.com' });
    const b = await emu.createUser({ email: 'b@example.com' });
    const first = await emu.signIn({ userId: a.id });
    const second = await emu.signIn({ userId: b.id, clientToken: first.clientToken });
    expect(second.clientToken).toBe(first.clientToken);
    const last = await get(server.url, '/api/required', cookie(first.clientToken));
    expect(last.json).toEqual({ userId: b.id, sessionId: second.sessionId });
    const picked = await get(server.url, `/api/required?_clerk_session_id=${first.sessionId}`, cookie(first.clientToken));
    expect(picked.json).toEqual({ userId: a.id, sessionId: first.sessionId });
    await emu.setActiveSession(first.clientToken, first.sessionId);
    const switched = await get(server.url, '/api/optional', cookie(first.clientToken));
    expect(switched.json).toMatchObject({ userId: a.id, sessionId: first.sessionId });
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

  it('revoked and signed-out sessions are not signed in', async () => {
    const user = await emu.createUser({ email: 'rev@example.com' });
    const { clientToken, sessionId } = await emu.signIn({ userId: user.id });
    await emu.revokeSession(sessionId);
    const before = calls.count;
    const res = await get(server.url, `/api/required?_clerk_session_id=${sessionId}`, cookie(clientToken));
    expect(res.status).toBe(401);
    expect(res.text).toBe('');
    expect(calls.count).toBe(before);
    const optional = await get(server.url, `/api/optional?_clerk_session_id=${sessionId}`, cookie(clientToken));
    expect(optional.json).toMatchObject({ userId: null, status: 'signed-out' });

    const other = await emu.signIn({ userId: user.id });
    await emu.signOut(other.sessionId);
    expect((await get(server.url, '/api/required', cookie(other.clientToken))).status).toBe(401);
  });

  it('backend unavailable: 503 (+ Retry-After when known); withSession sees null', async () => {
    const user = await emu.createUser({ email: 'down@example.com' });
    const { clientToken } = await emu.signIn({ userId: user.id });
    emu.fault('*', { type: 'status', status: 500 });
    const before = calls.count;
    const res = await get(server.url, '/api/required', cookie(clientToken));
    expect(res.status).toBe(503);
    expect(res.text).toBe('');
    expect(calls.count).toBe(before);
    const optional = await get(server.url, '/api/optional', cookie(clientToken));
    expect(optional.json).toMatchObject({ userId: null, status: 'unavailable' });

    emu.clearFaults();
    emu.fault('*', { type: 'rate-limit', retryAfter: 7 });
    const limited = await get(server.url, '/api/required', cookie(clientToken));
    expect(limited.status).toBe(503);
    expect(limited.headers.get('retry-after')).toBe('7');
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
