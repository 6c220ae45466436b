import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { auth as defaultAuth, createAuth, getAuth, requireAuth, withAuth } from '@sessiongate/next';
import { NextRequest } from 'next/server.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strategies } from '../../../test-support/strategies.js';

let emu: Emulator;
let signedIn: Awaited<ReturnType<Emulator['signIn']>>;
let sessionId: string;
let userId: string;
const base = 'http://127.0.0.1:3000';
const params = Promise.resolve({});

beforeAll(async () => {
  emu = await startEmulator();
  // auth() uses the env-bound default client; the environment is read on first use.
  process.env.CLERK_API_KEY = emu.apiKey;
  process.env.CLERK_API_URL = emu.url;
  const user = await emu.createUser({ email: 'app@example.com' });
  signedIn = await emu.signIn({ userId: user.id });
  ({ sessionId, userId } = signedIn);
});

afterAll(async () => {
  await emu?.close();
});

// Every case runs in both verification strategies, with the same assertions; where the
// semantics differ, the case branches on `strategy.name` and says why.
describe.each(strategies.map((strategy) => [strategy.name, strategy] as const))('%s verification', (_strategyName, strategy) => {
  let token: string;
  // auth() is the env-bound default client, and the environment selects the backend strategy
  // here (no CLERK_JWT_KEY); networkless mode goes through createAuth(options), the same code.
  let auth: (request: Request) => ReturnType<typeof defaultAuth>;
  beforeAll(() => {
    token = strategy.credentialFor(signedIn);
    auth = strategy.name === 'backend' ? defaultAuth : createAuth(strategy.options(emu));
  });

  describe('auth(request) with Request and NextRequest', () => {
    it.each([
      ['Request', (url: string, init?: RequestInit) => new Request(url, init)],
      ['NextRequest', (url: string, init?: RequestInit) => new NextRequest(url, init as never)],
    ])('%s: signed in, signed out, hostile', async (_name, make) => {
      const signedIn = await auth(make(`${base}/api/me`, { headers: { cookie: `__session=${token}` } }));
      expect(signedIn).toMatchObject({ status: 'signed-in', sessionId, userId });

      const picked = await auth(make(`${base}/api/me?_clerk_session_id=${sessionId}`, { headers: { authorization: `Bearer ${token}` } }));
      expect(picked).toMatchObject({ status: 'signed-in', sessionId });

      expect(await auth(make(`${base}/api/me`))).toEqual({ status: 'signed-out', reason: 'token-missing' });

      emu.clearRequests();
      const hostile = await auth(make(`${base}/api/me?_clerk_session_id=../x`, { headers: { cookie: `__session=${token}` } }));
      expect(hostile).toEqual({ status: 'signed-out', reason: 'session-id-malformed' });
      expect(emu.backendCalls()).toBe(0);
    });

    it('keeps the decision on the request: a second auth() or getAuth() makes no backend call', async () => {
      const request = new NextRequest(`${base}/api/me`, { headers: { cookie: `__session=${token}` } });
      expect(() => getAuth(request)).toThrow(expect.objectContaining({ code: 'ERR_NO_AUTH_STATE' }));
      const first = await auth(request);
      emu.clearRequests();
      expect(await auth(request)).toBe(first);
      expect(getAuth(request)).toBe(first);
      expect(emu.backendCalls()).toBe(0);
    });

    it('unavailable backend: a value, never signed in', async () => {
      const decide = createAuth(strategy.options(emu));
      const credential = await strategy.outage(emu, signedIn, { type: 'status', status: 502 });
      try {
        expect(await decide(new Request(`${base}/x`, { headers: { cookie: `__session=${credential}` } }))).toMatchObject({
          status: 'unavailable',
        });
      } finally {
        emu.clearFaults();
      }
    });

    it('misuse: auth() without a request throws a TypeError naming the package', async () => {
      await expect(defaultAuth(undefined as never)).rejects.toThrow(/@sessiongate\/next/);
    });
  });

  describe('withAuth / requireAuth route-handler wrappers', () => {
    const options = () => strategy.options(emu);

    it('withAuth passes the state, the session (or null) and keeps params', async () => {
      const GET = withAuth(async (request, { auth: state, session, params: p }) =>
        Response.json({ status: state.status, userId: session?.userId ?? null, params: await p }),
      options());
      const res = await GET(new NextRequest(`${base}/api/x`, { headers: { cookie: `__session=${token}` } }), {
        params: Promise.resolve({ id: '42' }),
      });
      expect(await res.json()).toEqual({ status: 'signed-in', userId, params: { id: '42' } });
      const out = await GET(new NextRequest(`${base}/api/x`), { params });
      expect(await out.json()).toEqual({ status: 'signed-out', userId: null, params: {} });
    });

    it('requireAuth: 401 with no body / 503 with Retry-After; the handler never runs', async () => {
      let ran = 0;
      const GET = requireAuth(async (_request, { session }) => {
        ran++;
        return Response.json({ userId: session.userId });
      }, options());
      const ok = await GET(new NextRequest(`${base}/api/x`, { headers: { cookie: `__session=${token}` } }), { params });
      expect(await ok.json()).toEqual({ userId });
      expect(ran).toBe(1);

      const denied = await GET(new NextRequest(`${base}/api/x`), { params });
      expect(denied.status).toBe(401);
      expect(await denied.text()).toBe('');

      const credential = await strategy.outage(emu, signedIn, { type: 'rate-limit', retryAfter: 3 });
      try {
        const down = await GET(new NextRequest(`${base}/api/x`, { headers: { cookie: `__session=${credential}` } }), { params });
        expect(down.status).toBe(503);
        // networkless: the core's jwks-unavailable state carries no Retry-After (the JWKS fetch's
        // 429 is not passed through), so the wrapper sends none
        expect(down.headers.get('retry-after')).toBe(strategy.name === 'backend' ? '3' : null);
        expect(await down.text()).toBe('');
      } finally {
        emu.clearFaults();
      }
      expect(ran).toBe(1);
    });
  });
});

describe('networkless with a PEM key (CLERK_JWT_KEY-style): no network at all', () => {
  it('auth() and requireAuth decide from the token alone, with the verified claims', async () => {
    const decide = createAuth({ jwtKey: emu.jwtPublicKey(), logger: false });
    emu.clearRequests();
    const state = await decide(new NextRequest(`${base}/api/me?_clerk_session_id=${sessionId}`, { headers: { cookie: `__session=${signedIn.sessionToken}` } }));
    expect(state).toMatchObject({ status: 'signed-in', sessionId, userId, claims: { sid: sessionId, sub: userId } });
    const GET = requireAuth(async (_request, { session }) => Response.json({ userId: session.userId }), { jwtKey: emu.jwtPublicKey(), logger: false });
    const ok = await GET(new NextRequest(`${base}/api/x`, { headers: { authorization: `Bearer ${signedIn.sessionToken}` } }), { params });
    expect(await ok.json()).toEqual({ userId });
    // the client token of the 2021 flow is not a session JWT
    const old = await GET(new NextRequest(`${base}/api/x`, { headers: { cookie: `__session=${signedIn.clientToken}` } }), { params });
    expect(old.status).toBe(401);
    expect(emu.backendCalls()).toBe(0);
  });
});
