import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { createAuth, FORWARDED_AUTH_HEADER, sessionProxy, withSession } from '@sessiongate/next';
import { NextRequest } from 'next/server.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyOf } from '../src/lib/resolver.js';
import { signForwardedState, verifyForwardedState } from '../src/proxy/forwarded-state.js';
import { startNodeServer } from './helpers/node-server.js';

let emu: Emulator;
let token: string;
let otherToken: string;
let sessionId: string;
let userId: string;
const base = 'http://127.0.0.1:3000';
const secret = 'a-test-secret-that-is-long-enough-0123456789';

beforeAll(async () => {
  emu = await startEmulator();
  const user = await emu.createUser({ email: 'proxy@example.com' });
  ({ clientToken: token, sessionId, userId } = await emu.signIn({ userId: user.id }));
  const other = await emu.createUser({ email: 'other@example.com' });
  ({ clientToken: otherToken } = await emu.signIn({ userId: other.id }));
});

afterAll(async () => {
  await emu?.close();
});

/** The request headers Next hands downstream for a `NextResponse.next({ request: { headers } })`. */
function downstreamHeaders(response: Response): Headers {
  const names = response.headers.get('x-middleware-override-headers');
  expect(names).not.toBeNull();
  const headers = new Headers();
  for (const name of (names ?? '').split(',').filter(Boolean)) {
    headers.set(name, response.headers.get(`x-middleware-request-${name}`) ?? '');
  }
  return headers;
}

describe('sessionProxy: strip, sign, forward', () => {
  const options = () => ({ apiKey: emu.apiKey, apiUrl: emu.url, proxySecret: secret });

  it('forwards a signed decision that route handlers use without a second backend call', async () => {
    const proxy = sessionProxy(options());
    const url = `${base}/api/me?_clerk_session_id=${sessionId}`;
    emu.clearRequests();
    const response = await proxy(new NextRequest(url, { headers: { cookie: `__session=${token}` } }));
    expect(response.headers.get('x-middleware-next')).toBe('1');
    expect(emu.backendCalls()).toBe(1);
    const headers = downstreamHeaders(response);
    expect(headers.get(FORWARDED_AUTH_HEADER)).toMatch(/^v1\./);
    expect(headers.get('cookie')).toBe(`__session=${token}`);

    const state = await createAuth(options())(new NextRequest(url, { headers }));
    expect(state).toMatchObject({ status: 'signed-in', sessionId, userId });
    expect(emu.backendCalls()).toBe(1);
  });

  it('strips every x-sessiongate-* header the client sent', async () => {
    const proxy = sessionProxy(options());
    const response = await proxy(
      new NextRequest(`${base}/api/me`, {
        headers: { [FORWARDED_AUTH_HEADER]: 'v1.forged.forged', 'x-sessiongate-user': 'user_evil', 'x-keep': '1' },
      }),
    );
    const headers = downstreamHeaders(response);
    expect(headers.get('x-sessiongate-user')).toBeNull();
    expect(headers.get('x-keep')).toBe('1');
    expect(headers.get(FORWARDED_AUTH_HEADER)).not.toBe('v1.forged.forged');
    const state = await createAuth({ ...options(), trustProxy: true })(new NextRequest(`${base}/api/me`, { headers }));
    expect(state).toEqual({ status: 'signed-out', reason: 'token-missing' });
  });

  it('onAuth can answer instead of forwarding', async () => {
    const proxy = sessionProxy({
      ...options(),
      onAuth: (state) => (state.status === 'signed-in' ? undefined : Response.redirect(`${base}/sign-in`, 307)),
    });
    const out = await proxy(new NextRequest(`${base}/dashboard`));
    expect(out.status).toBe(307);
    const inside = await proxy(new NextRequest(`${base}/dashboard`, { headers: { cookie: `__session=${token}` } }));
    expect(inside.headers.get('x-middleware-next')).toBe('1');
  });
});

describe('forged forwarded headers on paths the proxy does not cover', () => {
  const signedIn = () => ({
    status: 'signed-in' as const,
    sessionId,
    userId,
    session: { id: sessionId, userId, clientId: 'client_x', status: 'active', lastActiveAt: 1, expireAt: 2, abandonAt: 3 },
    // the claim fields a backend decision carries beside the session; has() does not survive JSON anyway
    ...{ sessionStatus: 'active' as const, orgId: null, orgRole: null, orgSlug: null, orgPermissions: [], features: [], plans: [], factorVerificationAge: null, actor: null },
    has: () => false,
  });

  it('rejects a value signed with another secret, a replay onto other credentials, an expired value, garbage', async () => {
    const binding = { headers: new Headers({ cookie: `__session=${token}` }), url: `${base}/api/me` };
    const good = await signForwardedState(signedIn(), binding, secret);
    expect(await verifyForwardedState(good, binding, secret)).toMatchObject({ status: 'signed-in', userId });

    const otherSecret = await signForwardedState(signedIn(), binding, 'another-secret-that-is-long-enough-0123456789');
    expect(await verifyForwardedState(otherSecret, binding, secret)).toBeUndefined();

    for (const headers of [new Headers(), new Headers({ cookie: `__session=${otherToken}` })]) {
      expect(await verifyForwardedState(good, { headers, url: binding.url }, secret)).toBeUndefined();
    }
    expect(await verifyForwardedState(good, { ...binding, url: `${base}/api/me?_clerk_session_id=sess_other` }, secret)).toBeUndefined();
    // Bound to the method: a GET's decision does not verify on a POST.
    expect(await verifyForwardedState(good, { ...binding, method: 'POST' }, secret)).toBeUndefined();
    expect(await verifyForwardedState(good, { ...binding, method: 'get' }, secret)).toMatchObject({ status: 'signed-in' });

    const expired = await signForwardedState(signedIn(), binding, secret, Date.now() - 120_000);
    expect(await verifyForwardedState(expired, binding, secret)).toBeUndefined();

    const [v, payload, sig] = good.split('.');
    const tampered = `${v}.${Buffer.from(JSON.stringify({ exp: 9e9, s: { ...signedIn(), userId: 'user_evil' } })).toString('base64url')}.${sig}`;
    expect(await verifyForwardedState(tampered, binding, secret)).toBeUndefined();
    for (const garbage of ['', 'v1', 'v1..', `v2.${payload}.${sig}`, `${good}.x`, 'v1.%%%.%%%', 'x'.repeat(20_000)]) {
      expect(await verifyForwardedState(garbage, binding, secret)).toBeUndefined();
    }
  });

  it('a route handler given a forged or replayed header decides for itself', async () => {
    const decide = createAuth({ apiKey: emu.apiKey, apiUrl: emu.url, proxySecret: secret });
    const forged = await signForwardedState(signedIn(), { headers: new Headers(), url: `${base}/api/me` }, 'wrong-secret-wrong-secret-wrong-secret-00');
    const state = await decide(new Request(`${base}/api/me`, { headers: { [FORWARDED_AUTH_HEADER]: forged } }));
    expect(state).toEqual({ status: 'signed-out', reason: 'token-missing' });

    // A genuine value made for the victim's request, replayed with the attacker's own cookie.
    const victim = await signForwardedState(signedIn(), { headers: new Headers({ cookie: `__session=${token}` }), url: `${base}/api/me` }, secret);
    const replay = await decide(
      new Request(`${base}/api/me`, { headers: { [FORWARDED_AUTH_HEADER]: victim, cookie: `__session=${otherToken}` } }),
    );
    expect(replay).toMatchObject({ status: 'signed-in' });
    expect(replay.status === 'signed-in' && replay.userId).not.toBe(userId);
  });

  it('Pages API routes ignore a forged header too (real node:http server)', async () => {
    const routeOptions = { apiKey: emu.apiKey, apiUrl: emu.url, proxySecret: secret };
    const route = withSession((req, res) => res.end(JSON.stringify({ userId: req.session?.userId ?? null })), routeOptions);
    const server = await startNodeServer({ '/api/me': route });
    try {
      const forged = await signForwardedState(signedIn(), { headers: new Headers(), url: '/api/me' }, 'wrong-secret-wrong-secret-wrong-secret-00');
      const res = await fetch(`${server.url}/api/me`, { headers: { [FORWARDED_AUTH_HEADER]: forged } });
      expect(await res.json()).toEqual({ userId: null });
      // And a genuine one bound to this very request is used (no backend call).
      const genuine = await signForwardedState(
        signedIn(),
        { headers: { cookie: `__session=${token}` }, url: '/api/me', method: 'GET', policy: policyOf(routeOptions) },
        secret,
      );
      emu.clearRequests();
      const ok = await fetch(`${server.url}/api/me`, { headers: { [FORWARDED_AUTH_HEADER]: genuine, cookie: `__session=${token}` } });
      expect(await ok.json()).toEqual({ userId });
      expect(emu.backendCalls()).toBe(0);
    } finally {
      await server.close();
    }
  });
});
