import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { createAuth, createClerkClient, FORWARDED_AUTH_HEADER, PROXY_SECRET_ENV, requireAuth, requireSession, sessionProxy } from '@sessiongate/next';
import { NextRequest } from 'next/server.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startNodeServer } from './helpers/node-server.js';

// Regression tests: a decision forwarded by sessionProxy() skipped the
// route's own requireSessionIdForUnsafeMethods, and a decision made for a GET was accepted on a
// POST with the same credentials. A forwarded decision may only ever be stricter than the route.

let emu: Emulator;
let token: string;
let sessionId: string;
let userId: string;
const base = 'http://127.0.0.1:3000';
const secret = 'a-test-secret-that-is-long-enough-0123456789';
const params = Promise.resolve({});

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await emu.reset();
  const user = await emu.createUser({ email: 'writer@example.com' });
  ({ clientToken: token, sessionId, userId } = await emu.signIn({ userId: user.id }));
});

const backend = () => ({ apiKey: emu.apiKey, apiUrl: emu.url, proxySecret: secret });

/** The request headers Next hands downstream after the proxy ran. */
async function throughProxy(proxy: ReturnType<typeof sessionProxy>, method: string, url: string, headers: Record<string, string>): Promise<Headers> {
  const response = await proxy(new NextRequest(url, { method, headers }));
  expect(response.headers.get('x-middleware-next')).toBe('1');
  const names = response.headers.get('x-middleware-override-headers') ?? '';
  const out = new Headers();
  for (const name of names.split(',').filter(Boolean)) out.set(name, response.headers.get(`x-middleware-request-${name}`) ?? '');
  expect(out.get(FORWARDED_AUTH_HEADER)).toMatch(/^v1\./);
  return out;
}

describe('route handlers (requireAuth) re-apply their own rules to a forwarded decision', () => {
  const calls = { count: 0 };
  const strictRoute = () =>
    requireAuth(
      async () => {
        calls.count++;
        return Response.json({ ok: true });
      },
      { ...backend(), requireSessionIdForUnsafeMethods: true },
    );

  it('a proxy without requireSessionIdForUnsafeMethods does not turn the route option off', async () => {
    const route = strictRoute();
    const url = `${base}/api/write`;
    calls.count = 0;
    // Baseline: the route alone refuses a POST without an explicit session id.
    expect((await route(new NextRequest(url, { method: 'POST', headers: { cookie: `__session=${token}` } }), { params })).status).toBe(401);

    const headers = await throughProxy(sessionProxy(backend()), 'POST', url, { cookie: `__session=${token}` });
    emu.clearRequests();
    const res = await route(new NextRequest(url, { method: 'POST', headers }), { params });
    expect(res.status).toBe(401);
    expect(calls.count).toBe(0);
    expect(emu.backendCalls()).toBe(0);

    // With the id, the forwarded decision is used as before: no second backend call.
    const withId = `${url}?_clerk_session_id=${sessionId}`;
    const ok = await throughProxy(sessionProxy(backend()), 'POST', withId, { cookie: `__session=${token}` });
    emu.clearRequests();
    expect((await route(new NextRequest(withId, { method: 'POST', headers: ok }), { params })).status).toBe(200);
    expect(calls.count).toBe(1);
    expect(emu.backendCalls()).toBe(0);
  });

  it('a safe method through the same proxy still uses the forwarded decision', async () => {
    const route = strictRoute();
    const headers = await throughProxy(sessionProxy(backend()), 'GET', `${base}/api/write`, { cookie: `__session=${token}` });
    emu.clearRequests();
    expect((await route(new NextRequest(`${base}/api/write`, { headers }), { params })).status).toBe(200);
    expect(emu.backendCalls()).toBe(0);
  });

  it('a decision forwarded for a GET does not verify on a POST with the same credentials', async () => {
    const url = `${base}/api/write`;
    const headers = await throughProxy(sessionProxy(backend()), 'GET', url, { cookie: `__session=${token}` });
    calls.count = 0;
    expect((await strictRoute()(new NextRequest(url, { method: 'POST', headers }), { params })).status).toBe(401);
    expect(calls.count).toBe(0);

    // A route without the option decides the POST itself: the session revoked since the GET is seen.
    await emu.revokeSession(sessionId);
    emu.clearRequests();
    const state = await createAuth(backend())(new NextRequest(url, { method: 'POST', headers }));
    expect(state.status).toBe('signed-out');
    expect(emu.backendCalls()).toBe(1);
    // …while the GET it was made for still gets it (up to its 60 s lifetime).
    expect(await createAuth(backend())(new NextRequest(url, { headers }))).toMatchObject({ status: 'signed-in', userId });
  });

  it('a route given a client (whose rules it cannot read) decides unsafe requests without an id itself', async () => {
    const client = createClerkClient({ apiKey: emu.apiKey, apiUrl: emu.url, requireSessionIdForUnsafeMethods: true });
    const route = requireAuth(async () => Response.json({ ok: true }), { client, proxySecret: secret });
    // The proxy's client lacks the option (a route can tell clients apart only by their rules' effect).
    const proxy = sessionProxy({ client: createClerkClient({ apiKey: emu.apiKey, apiUrl: emu.url }), proxySecret: secret });
    const headers = await throughProxy(proxy, 'DELETE', `${base}/api/write`, { cookie: `__session=${token}` });
    expect((await route(new NextRequest(`${base}/api/write`, { method: 'DELETE', headers }), { params })).status).toBe(401);
    const get = await throughProxy(proxy, 'GET', `${base}/api/write`, { cookie: `__session=${token}` });
    emu.clearRequests();
    expect((await route(new NextRequest(`${base}/api/write`, { headers: get }), { params })).status).toBe(200);
    expect(emu.backendCalls()).toBe(0);
  });

  it('a proxy with other token rules (another apiUrl, authorizedParties) is not trusted: the route decides itself', async () => {
    const strict = createAuth({ ...backend(), authorizedParties: ['https://app.example'] });
    const headers = await throughProxy(sessionProxy(backend()), 'GET', `${base}/api/me`, { cookie: `__session=${token}` });
    emu.clearRequests();
    expect(await strict(new NextRequest(`${base}/api/me`, { headers }))).toMatchObject({ status: 'signed-in', userId });
    expect(emu.backendCalls()).toBe(1);
  });
});

describe('Pages API routes (requireSession) re-apply their own rules to a forwarded decision', () => {
  it('proxy without the option, and a GET decision replayed on a POST: 401, handler never runs', async () => {
    const calls = { count: 0 };
    const route = requireSession(
      (req, res) => {
        calls.count++;
        res.end(JSON.stringify({ userId: req.session.userId }));
      },
      { ...backend(), requireSessionIdForUnsafeMethods: true },
    );
    const server = await startNodeServer({ '/api/write': route });
    try {
      const post = await throughProxy(sessionProxy(backend()), 'POST', `${base}/api/write`, { cookie: `__session=${token}` });
      emu.clearRequests();
      const a = await fetch(`${server.url}/api/write`, { method: 'POST', headers: post });
      expect(a.status).toBe(401);
      expect(emu.backendCalls()).toBe(0);

      const get = await throughProxy(sessionProxy(backend()), 'GET', `${base}/api/write`, { cookie: `__session=${token}` });
      const b = await fetch(`${server.url}/api/write`, { method: 'POST', headers: get });
      expect(b.status).toBe(401);
      expect(calls.count).toBe(0);

      // The GET itself is served from the forwarded decision.
      emu.clearRequests();
      const c = await fetch(`${server.url}/api/write`, { headers: get });
      expect(await c.json()).toEqual({ userId });
      expect(emu.backendCalls()).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe(`a short ${PROXY_SECRET_ENV}`, () => {
  afterEach(() => {
    delete process.env[PROXY_SECRET_ENV];
  });

  it('fails at first use with an error naming the variable, whatever the client sends, never a TypeError per header', async () => {
    process.env[PROXY_SECRET_ENV] = 'too-short';
    for (const headers of [{}, { [FORWARDED_AUTH_HEADER]: 'x' }] as Record<string, string>[]) {
      const decide = createAuth({ apiKey: emu.apiKey, apiUrl: emu.url });
      const error = await decide(new Request(`${base}/api/me`, { headers })).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(headers)).toBeInstanceOf(Error);
      expect(String((error as Error).message)).toMatch(/@sessiongate\/next.*SESSIONGATE_PROXY_SECRET.*32/);
      expect(String((error as Error).message)).not.toContain('too-short');
    }
  });

  it('is not read at all with trustProxy: false', async () => {
    process.env[PROXY_SECRET_ENV] = 'too-short';
    const decide = createAuth({ apiKey: emu.apiKey, apiUrl: emu.url, trustProxy: false });
    expect(await decide(new Request(`${base}/api/me`, { headers: { [FORWARDED_AUTH_HEADER]: 'x' } }))).toEqual({
      status: 'signed-out',
      reason: 'token-missing',
    });
  });
});
