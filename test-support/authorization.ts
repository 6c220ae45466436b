// Types from the sources by relative path, as strategies.ts does: this folder belongs to no package.
import { startEmulator, type Emulator } from '../packages/emulator/src/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceAdapter, MountedApp } from './conformance.js';
import { mountAdapter, type Route } from './mount-adapter.mjs';

/**
 * What every adapter's authorization test needs to check the `authorize` option's 401/403 verdicts
 * on today's token claims (organization, permission, pending status): a signed-in member of an
 * organization whose token grants `org:dashboard:read` only, the same session as pending, and a
 * copy of the member's token with a permission added to the payload (signature unchanged).
 * Real RS256 tokens, minted by the emulator.
 */
export interface AuthorizationTokens {
  /** The emulator's PEM: networkless with no network at all. */
  jwtKey: string;
  member: string;
  pending: string;
  forged: string;
}

export const MEMBER_CLAIMS = {
  v: 2,
  fea: 'o:dashboard',
  o: { id: 'org_acme', slg: 'acme', rol: 'member', per: 'read,manage', fpm: '1' },
};

export async function authorizationTokens(emu: Pick<Emulator, 'createUser' | 'signIn' | 'mintSessionToken' | 'jwtPublicKey'>): Promise<AuthorizationTokens> {
  const user = await emu.createUser({ email: `member-${Math.random().toString(36).slice(2)}@example.test` });
  const { sessionId } = await emu.signIn({ userId: user.id });
  const lifetimeMs = 3_600_000;
  const member = await emu.mintSessionToken({ sessionId, lifetimeMs, claims: MEMBER_CLAIMS });
  const pending = await emu.mintSessionToken({ sessionId, lifetimeMs, claims: { v: 2, sts: 'pending' } });
  const [header, payload, signature] = member.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  claims.o.fpm = '3'; // + org:dashboard:manage
  const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
  return { jwtKey: emu.jwtPublicKey(), member, pending, forged };
}

/** A thrown error whose message the tests look for in no response body. */
export class AuthorizeBoom extends Error {
  constructor() {
    super('authorize exploded');
  }
}

/** The `authorize` of each guarded route an adapter's authorization mount serves, and what a member gets there. */
export const AUTHORIZE_ROUTES = {
  '/read': { authorize: { permission: 'org:dashboard:read' }, status: 200 },
  '/role': { authorize: { role: 'org:member' }, status: 200 },
  '/fn': { authorize: async (s: { orgSlug: string | null }) => s.orgSlug === 'acme', status: 200 },
  '/manage': { authorize: { permission: 'dashboard:manage' }, status: 403 },
  '/fn-no': { authorize: (s: { has(params: { role: string }): boolean }) => s.has({ role: 'org:admin' }), status: 403 },
  '/throws': {
    authorize: (): boolean => {
      throw new Error('authorize exploded');
    },
    status: 500,
  },
  '/rejects': { authorize: (): Promise<boolean> => Promise.reject(new Error('authorize exploded')), status: 500 },
} as const;

export interface AuthorizationMountContext {
  t: AuthorizationTokens;
  /** Networkless with the emulator's PEM: no network at all. */
  options: { jwtKey: string; logger: false };
  /** Counts a handler run (call it in every guarded route's handler). */
  ran(): void;
  /** The app's error handler calls it, then answers 500 with no body. */
  errored(error: unknown): void;
}

export interface AuthorizationConformance {
  /** e.g. 'Koa 3' */
  name: string;
  /**
   * The app, each route in its framework's idiom (GET):
   * - `/me`: the mandatory guard on `options` -> `{ sessionStatus }` (a handler run)
   * - `/pending-ok`: the mandatory guard with `acceptPendingSessions: true` -> `{ sessionStatus }` (a handler run)
   * - each path of {@link AUTHORIZE_ROUTES}: the mandatory guard with its `authorize` (a handler run)
   * - `/has`: the optional middleware -> `{ read: has(getAuth(), { permission: 'org:dashboard:read' }) }`
   */
  mount(context: AuthorizationMountContext): Promise<MountedApp>;
  /** The mandatory guard's factory, called with bad `authorize` params: it must throw. */
  guard(options: { authorize: unknown }): unknown;
}

type State = { status: string; sessionStatus?: string };

/**
 * The authorization app above, mounted by the shared harness (mount-adapter.mjs) in the adapter's
 * idiom: every guarded route answers `{ sessionStatus }`; an error goes to `errored` and is
 * answered 500 with no body.
 */
export function authorizationMount(adapter: ConformanceAdapter): AuthorizationConformance['mount'] {
  const { has } = adapter.adapter as { has(state: unknown, params: { permission: string }): boolean };
  return ({ options, ran, errored }) => {
    const sessionStatus: Pick<Route<unknown, State>, 'use' | 'readsAuth' | 'handler'> = {
      use: ['required'],
      readsAuth: true,
      handler: (_session, auth) => {
        ran();
        return { sessionStatus: auth.status === 'signed-in' ? auth.sessionStatus : null };
      },
    };
    const routes: Record<string, Route<unknown, State>> = {
      '/me': sessionStatus,
      '/pending-ok': { ...sessionStatus, options: { ...options, acceptPendingSessions: true } },
      '/has': { use: ['optional'], readsAuth: true, handler: (_session, auth) => ({ read: has(auth, { permission: 'org:dashboard:read' }) }) },
    };
    for (const [path, { authorize }] of Object.entries(AUTHORIZE_ROUTES)) routes[path] = { ...sessionStatus, authorize };
    return mountAdapter({ ...adapter, options, routes, onError: errored });
  };
}

/** Pending sessions, `authorize` -> 403, a failing `authorize` -> the framework's error path (500), forged claims -> 401. */
export function describeAuthorization({ name, mount, guard }: AuthorizationConformance): void {
  describe(`${name}, authorization`, () => {
    let emu: Emulator;
    let app: MountedApp;
    let t: AuthorizationTokens;
    let ran = 0;
    const errors: unknown[] = [];
    const get = (path: string, credential?: string) => {
      const init: RequestInit = { headers: credential === undefined ? {} : { cookie: `__session=${credential}` } };
      return 'url' in app ? fetch(`${app.url}${path}`, init) : app.request(path, init);
    };

    beforeAll(async () => {
      emu = await startEmulator();
      t = await authorizationTokens(emu);
      const options = { jwtKey: t.jwtKey, logger: false as const };
      app = await mount({ t, options, ran: () => void ran++, errored: (error) => void errors.push(error) });
    });
    afterAll(async () => {
      await app?.close();
      await emu?.close();
    });

    it('a pending session gets 401 by default and 200 with acceptPendingSessions', async () => {
      expect((await get('/me', t.pending)).status).toBe(401);
      const res = await get('/pending-ok', t.pending);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ sessionStatus: 'pending' });
      expect((await get('/me', t.member)).status).toBe(200);
    });

    it.each(Object.entries(AUTHORIZE_ROUTES).filter(([, route]) => route.status !== 500).map(([path, route]) => [path, route.status] as const))(
      'authorize on %s → %i (the handler runs only when allowed)',
      async (path, status) => {
        ran = 0;
        const res = await get(path, t.member);
        expect(res.status).toBe(status);
        expect(ran).toBe(status === 200 ? 1 : 0);
        if (status === 403) expect(await res.text()).toBe('');
      },
    );

    it('signed out is still 401, not 403', async () => {
      expect((await get('/manage')).status).toBe(401);
    });

    it.each(['/throws', '/rejects'])('an authorize function that fails (%s) is a 500 through the error handler, never a grant', async (path) => {
      errors.length = 0;
      ran = 0;
      const res = await get(path, t.member);
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('');
      expect(ran).toBe(0);
      expect(errors.map((e) => (e as Error).message)).toEqual(['authorize exploded']);
    });

    it('a forged token with an added permission fails verification (401)', async () => {
      expect((await get('/read', t.forged)).status).toBe(401);
      expect((await get('/manage', t.forged)).status).toBe(401);
    });

    it('has(getAuth(…), …) answers for signed-in and signed-out requests', async () => {
      expect(await (await get('/has', t.member)).json()).toEqual({ read: true });
      expect(await (await get('/has')).json()).toEqual({ read: false });
    });

    it('bad authorize params throw at construction', () => {
      expect(() => guard({ authorize: { permision: 'x' } })).toThrow(TypeError);
    });
  });
}
