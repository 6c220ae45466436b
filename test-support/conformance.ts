// The behaviour every adapter promises, asserted once. An adapter's test mounts the routes below
// (conformanceMount) through the shared harness (mount-adapter.mjs: each framework's idiom) and calls
// describeConformance; what is its own (Express 4, koa-compose, a route option) stays in its own
// test file. Types come from the packages' sources by relative path: this folder belongs to no package.
import { startEmulator, type Emulator } from '../packages/emulator/src/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mountAdapter, type MountSpec, type Route } from './mount-adapter.mjs';
import { shortLivedToken, strategies, untilExpired, type Strategy } from './strategies.js';

/**
 * The app an adapter's `mount` serves (conformanceMount mounts it; GET unless said):
 * - `/with`: the optional middleware on `client` -> `{ userId: session?.userId ?? null, status: getAuth().status }`
 * - `/me`: the mandatory one -> `{ userId, sessionId }` (a handler run)
 * - `/with-then-require`: optional then mandatory on `client` -> `{ userId }` (a handler run)
 * - `/foreign-before`: a foreign `session` set, then the mandatory one -> `{ userId }` (a handler run)
 * - `/foreign-after`: optional, a foreign `session` set, mandatory -> `{ userId }` (a handler run)
 * - `POST /action`: mandatory with `requireSessionIdForUnsafeMethods` -> `{ userId }` (a handler run)
 * - `/cached`: mandatory with `cache: { ttlMs: 5000 }` -> `{ userId, status }` (a handler run)
 * - `/no-middleware`: `getAuth()` alone; the error handler answers 500 `{ code, message }`
 */
export type MountedApp =
  | { /** served over loopback */ url: string; close(): Promise<void> }
  | { /** called in process (a fetch-only runtime) */ request(path: string, init?: RequestInit): Promise<Response>; close(): Promise<void> };

export interface MountContext {
  emu: Emulator;
  strategy: Strategy;
  /** Counts a handler run (call it in every route marked so above). */
  ran(): void;
}

export interface Conformance {
  /** e.g. 'Koa 3' */
  name: string;
  mount(context: MountContext): Promise<MountedApp>;
  /** What `getAuth()` says where no middleware ran. */
  noAuthStateMessage: string;
}

type Session = { id: string; userId: string } | null | undefined;
type State = { status: string; userId?: string };

/** A session another library (express-session, passport, …) put in the framework's slot. */
const FOREIGN_SESSION = { session: { userId: 'user_foreign', id: 'sess_foreign', status: 'active' } };

/** The adapter and framework of a conformance mount (mountAdapter's spec without the routes). */
export type ConformanceAdapter = Omit<MountSpec, 'options' | 'routes' | 'answerErrors'>;

/**
 * The app above, mounted by the shared harness in the adapter's idiom: the adapter options are
 * `{ client }` (one client on the strategy's options) unless a route has its own; an error is
 * answered 500 `{ code, message }`.
 */
export function conformanceMount(adapter: ConformanceAdapter): Conformance['mount'] {
  return ({ emu, strategy, ran }) => {
    const options = strategy.options(emu);
    const client = (adapter.adapter as { createClerkClient(options: object): unknown }).createClerkClient(options);
    const userId: Route<Session>['handler'] = (session) => {
      ran();
      return { userId: session?.userId };
    };
    // Fastify's guard decides from the plugin's state and leaves request.session to the plugin that
    // set it (requireSession's documented contract), so there "ours" is what getAuth() says.
    const behindForeign: Pick<Route<Session, State>, 'readsAuth' | 'handler'> =
      adapter.name === 'fastify'
        ? {
            readsAuth: true,
            handler: (_session, auth) => {
              ran();
              return { userId: auth.status === 'signed-in' ? auth.userId : null };
            },
          }
        : { handler: userId };
    const routes: Record<string, Route<Session, State>> = {
      '/with': { use: ['optional'], readsAuth: true, handler: (session, auth) => ({ userId: session?.userId ?? null, status: auth.status }) },
      '/me': {
        use: ['required'],
        handler: (session) => {
          ran();
          return { userId: session?.userId, sessionId: session?.id };
        },
      },
      '/with-then-require': { use: ['optional', 'required'], handler: userId },
      '/foreign-before': { use: [FOREIGN_SESSION, 'required'], ...behindForeign },
      '/foreign-after': { use: ['optional', FOREIGN_SESSION, 'required'], ...behindForeign },
      '/action': { method: 'POST', use: ['required'], options: { ...options, requireSessionIdForUnsafeMethods: true }, handler: userId },
      // the verification cache: a hit is decided synchronously and the route runs in the same tick
      '/cached': {
        use: ['required'],
        options: { ...options, cache: { ttlMs: 5_000 } },
        readsAuth: true,
        handler: (session, auth) => {
          ran();
          return { userId: session?.userId, status: auth.status };
        },
      },
      '/no-middleware': { readsAuth: true, handler: (_session, auth) => auth },
    };
    return mountAdapter({ ...adapter, options: { client }, routes, answerErrors: 'json' });
  };
}

export function describeConformance({ name, mount, noAuthStateMessage }: Conformance): void {
  describe.each(strategies.map((strategy) => [strategy.name, strategy] as const))(`${name}, %s verification`, (_strategyName, strategy) => {
    let emu: Emulator;
    let app: MountedApp;
    let alice: string;
    let bob: string;
    let handlerRuns = 0;
    const send = (path: string, init?: RequestInit) => ('url' in app ? fetch(`${app.url}${path}`, init) : app.request(path, init));
    /** GET `path` with the `__session` cookie set to `credential` (or a raw `cookie` header, or neither). */
    const get = (path: string, credential?: string, cookie?: string) =>
      send(path, { headers: cookie !== undefined ? { cookie } : credential !== undefined ? { cookie: `__session=${credential}` } : {} });

    beforeAll(async () => {
      emu = await startEmulator();
      alice = (await emu.createUser({ email: 'alice@example.test', firstName: 'Alice' })).id;
      bob = (await emu.createUser({ email: 'bob@example.test', firstName: 'Bob' })).id;
      app = await mount({ emu, strategy, ran: () => void handlerRuns++ });
    });

    afterAll(async () => {
      await app?.close();
      await emu?.close();
    });

    afterEach(() => {
      emu.clearFaults();
    });

    it('signs in from the __session cookie, without _clerk_session_id (last active session)', async () => {
      const s = await emu.signIn({ userId: alice });
      const res = await get('/me', strategy.credentialFor(s));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ userId: alice, sessionId: s.sessionId });
      expect(await (await get('/with', strategy.credentialFor(s))).json()).toEqual({ userId: alice, status: 'signed-in' });
    });

    it('signs in with an explicit _clerk_session_id', async () => {
      const s = await emu.signIn({ userId: alice });
      const res = await get(`/me?_clerk_session_id=${s.sessionId}`, strategy.credentialFor(s));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ userId: alice, sessionId: s.sessionId });
    });

    it('accepts a bearer token as well', async () => {
      const s = await emu.signIn({ userId: bob });
      const res = await send('/me', { headers: { authorization: `Bearer ${strategy.credentialFor(s)}` } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ userId: bob, sessionId: s.sessionId });
    });

    it('multi-session: the query picks the session, otherwise the last active one wins', async () => {
      const a = await emu.signIn({ userId: alice });
      const b = await emu.signIn({ userId: bob, clientToken: a.clientToken });
      expect(b.clientToken).toBe(a.clientToken);

      // Without the query: backend, the client's last active session (b); networkless, the
      // token's sid — the browser holds b's token, as the hosted frontend does after b's sign-in.
      expect(await (await get('/me', strategy.credentialFor(b))).json()).toEqual({ userId: bob, sessionId: b.sessionId });

      const picked = await get(`/me?_clerk_session_id=${a.sessionId}`, strategy.credentialFor(a));
      expect(await picked.json()).toEqual({ userId: alice, sessionId: a.sessionId });

      // The query names a session the credential is not for as its sid. Backend: the client token
      // covers every session of the client, so it picks a. Networkless: b's token proves only b,
      // so the request is signed out (session-mismatch).
      const crossed = await get(`/me?_clerk_session_id=${a.sessionId}`, strategy.credentialFor(b));
      if (strategy.name === 'backend') expect(await crossed.json()).toEqual({ userId: alice, sessionId: a.sessionId });
      else expect(crossed.status).toBe(401);

      // Switching the active session: the backend decides by its record of the client; a session
      // JWT names its session, so networkless mode follows the token the browser sends (the hosted
      // frontend sends a's token after the switch).
      await emu.setActiveSession(a.clientToken, a.sessionId);
      expect(await (await get('/me', strategy.credentialFor(b))).json()).toEqual(
        strategy.name === 'backend' ? { userId: alice, sessionId: a.sessionId } : { userId: bob, sessionId: b.sessionId },
      );
      expect(await (await get('/me', strategy.credentialFor(a))).json()).toEqual({ userId: alice, sessionId: a.sessionId });
    });

    it('signed out: the mandatory guard answers 401 with an empty body and never runs the handler; the optional one goes on with null', async () => {
      const before = handlerRuns;
      const res = await get('/me');
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('');
      expect(res.headers.get('content-type')).toBeNull();
      expect(handlerRuns).toBe(before);

      const optional = await get('/with');
      expect(optional.status).toBe(200);
      expect(await optional.json()).toEqual({ userId: null, status: 'signed-out' });
      expect((await get('/me', 'not-a-token')).status).toBe(401);
      expect(handlerRuns).toBe(before);
    });

    it.each([
      ['an ended', (id: string) => emu.signOut(id)],
      ['a revoked', (id: string) => emu.revokeSession(id)],
    ] as const)('%s session is signed out, with and without _clerk_session_id', async (_label, end) => {
      const s = await emu.signIn({ userId: alice });
      // networkless: a short-lived token, so that the test can wait for its expiry
      const credential = strategy.name === 'backend' ? strategy.credentialFor(s) : await shortLivedToken(emu, s.sessionId);
      expect((await get(`/me?_clerk_session_id=${s.sessionId}`, credential)).status).toBe(200);
      expect((await get('/me', credential)).status).toBe(200);
      await end(s.sessionId);

      if (strategy.name === 'networkless') {
        // A revoke takes effect within one token lifetime: no new token is minted for the session
        // (the hosted frontend refreshes every minute), and the one already issued works until
        // its exp — then it is signed out like the backend's very next request.
        await expect(emu.mintSessionToken({ sessionId: s.sessionId })).rejects.toMatchObject({ code: 'ERR_SESSION_INACTIVE' });
        expect((await get('/me', credential)).status).toBe(200);
        await untilExpired(credential);
      }
      const res = await get(`/me?_clerk_session_id=${s.sessionId}`, credential);
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('');
      expect((await get('/me', credential)).status).toBe(401);
      expect(await (await get('/with', credential)).json()).toEqual({ userId: null, status: 'signed-out' });
    });

    it('backend failure: 503 under the mandatory guard, session null under the optional one', async () => {
      const s = await emu.signIn({ userId: alice });
      const credential = await strategy.outage(emu, s, { type: 'status', status: 500 });
      const before = handlerRuns;
      const res = await get('/me', credential);
      expect(res.status).toBe(503);
      expect(await res.text()).toBe('');
      expect(res.headers.get('retry-after')).toBeNull();
      expect(handlerRuns).toBe(before);

      const optional = await get('/with', credential);
      expect(optional.status).toBe(200);
      expect(await optional.json()).toEqual({ userId: null, status: 'unavailable' });
    });

    it('rate limited: 503 with the backend Retry-After, with and without _clerk_session_id', async () => {
      const s = await emu.signIn({ userId: alice });
      const credential = await strategy.outage(emu, s, { type: 'rate-limit', retryAfter: 7 });
      for (const path of [`/me?_clerk_session_id=${s.sessionId}`, '/me']) {
        const res = await get(path, credential);
        expect(res.status).toBe(503);
        // networkless: the core's jwks-unavailable state carries no Retry-After (the JWKS fetch's
        // 429 is not passed through), so the guard sends none
        expect(res.headers.get('retry-after')).toBe(strategy.name === 'backend' ? '7' : null);
      }
    });

    it.each([
      ['a path-like session id', '?_clerk_session_id=../users/x', 'valid'],
      ['an encoded path-like session id', '?_clerk_session_id=%2e%2e%2fusers', 'valid'],
      ['a session id with a slash', '?_clerk_session_id=sess_x/revoke%23', 'valid'],
      ['an array-shaped session id', '?_clerk_session_id[]=sess_abc', 'valid'],
      ['an object-shaped session id', '?_clerk_session_id[a]=sess_abc', 'valid'],
      ['a dotted session id key', '?_clerk_session_id.a=sess_abc', 'valid'],
      ['a repeated session id', '?_clerk_session_id=sess_abc&_clerk_session_id=sess_def', 'valid'],
      ['an empty session id', '?_clerk_session_id=', 'valid'],
      ['an over-long session id', `?_clerk_session_id=sess_${'a'.repeat(200)}`, 'valid'],
      ['a token outside the alphabet', '', '__session=<script>alert(1)</script>'],
      ['a token with a quote', '', '__session="abc\'def"'],
      ['an over-long token', '', `__session=${'a'.repeat(9000)}`],
    ])('hostile input (%s) -> 401 with zero backend calls', async (_label, query, cookie) => {
      const s = await emu.signIn({ userId: alice });
      const calls = emu.backendCalls();
      const res = cookie === 'valid' ? await get(`/me${query}`, strategy.credentialFor(s)) : await get(`/me${query}`, undefined, cookie);
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('');
      expect(emu.backendCalls()).toBe(calls);
    });

    it('the mandatory guard after the optional middleware reuses its state: one verification, not two', async () => {
      const s = await emu.signIn({ userId: bob });
      const calls = emu.backendCalls();
      expect(await (await get('/with-then-require', strategy.credentialFor(s))).json()).toEqual({ userId: bob });
      // networkless: no backend call for a verification, so "not two" is the backend's count
      expect(emu.backendCalls() - calls).toBe(strategy.callsPerVerification);
    });

    it('answers repeated requests from the cache: no backend call after the first, never for another token', async () => {
      const s = await emu.signIn({ userId: alice });
      const cached = `/cached?_clerk_session_id=${s.sessionId}`;
      expect(await (await get(cached, strategy.credentialFor(s))).json()).toEqual({ userId: alice, status: 'signed-in' });
      const calls = emu.backendCalls();
      const runs = handlerRuns;
      for (let i = 0; i < 3; i++) {
        expect(await (await get(cached, strategy.credentialFor(s))).json()).toEqual({ userId: alice, status: 'signed-in' });
      }
      expect(emu.backendCalls()).toBe(calls);
      expect(handlerRuns).toBe(runs + 3);
      expect((await get(cached, 'not_this_token')).status).toBe(401);
      expect(handlerRuns).toBe(runs + 3);
    });

    it('a foreign session set before the guard never authenticates', async () => {
      const before = handlerRuns;
      expect((await get('/foreign-before')).status).toBe(401);
      expect(handlerRuns).toBe(before);
    });

    it('a foreign session set after the optional middleware never authenticates, nor replaces ours', async () => {
      const before = handlerRuns;
      expect((await get('/foreign-after')).status).toBe(401);
      expect(handlerRuns).toBe(before);

      const s = await emu.signIn({ userId: alice });
      const res = await get('/foreign-after', strategy.credentialFor(s));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ userId: alice });
    });

    it('passes client options through: requireSessionIdForUnsafeMethods', async () => {
      const s = await emu.signIn({ userId: bob });
      const headers = { cookie: `__session=${strategy.credentialFor(s)}` };
      const calls = emu.backendCalls();
      const without = await send('/action', { method: 'POST', headers });
      expect(without.status).toBe(401);
      expect(emu.backendCalls()).toBe(calls);
      const withId = await send(`/action?_clerk_session_id=${s.sessionId}`, { method: 'POST', headers });
      expect(withId.status).toBe(200);
      expect(await withId.json()).toEqual({ userId: bob });
    });

    it('getAuth() without a middleware is a helpful error through the error handler', async () => {
      const res = await get('/no-middleware');
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ code: 'ERR_NO_AUTH_STATE', message: noAuthStateMessage });
    });
  });
}
