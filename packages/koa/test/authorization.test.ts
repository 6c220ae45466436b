import { startEmulator, type Emulator } from '@sessiongate/emulator';
import Koa, { type Middleware } from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationTokens, type AuthorizationTokens } from '../../../test-support/authorization.js';
import { clerkMiddleware, getAuth, has, requireSession } from '../src/index.js';
import { get, listen, type Listening } from './helpers.js';

// Issue 19: pending sessions, authorize → 403, a throwing authorize → Koa's error handling (500),
// forged claims → 401. Real tokens minted by the emulator.
describe('Koa, authorization', () => {
  let emu: Emulator;
  let server: Listening;
  let t: AuthorizationTokens;
  let ran = 0;
  const errors: Error[] = [];

  beforeAll(async () => {
    emu = await startEmulator();
    t = await authorizationTokens(emu);
    const opts = { jwtKey: t.jwtKey, logger: false as const };
    const routes: Record<string, Middleware> = {
      '/me': requireSession(opts),
      '/pending-ok': requireSession({ ...opts, acceptPendingSessions: true }),
      '/read': requireSession({ ...opts, authorize: { permission: 'org:dashboard:read' } }),
      '/manage': requireSession({ ...opts, authorize: { permission: 'dashboard:manage' } }),
      '/role': requireSession({ ...opts, authorize: { role: 'org:member' } }),
      '/fn': requireSession({ ...opts, authorize: async (s) => s.orgSlug === 'acme' }),
      '/fn-no': requireSession({ ...opts, authorize: (s) => s.has({ role: 'org:admin' }) }),
      '/throws': requireSession({ ...opts, authorize: () => { throw new Error('authorize exploded'); } }),
      '/rejects': requireSession({ ...opts, authorize: () => Promise.reject(new Error('authorize exploded')) }),
    };
    const app = new Koa();
    app.on('error', (error: Error) => errors.push(error));
    const optional = clerkMiddleware(opts);
    app.use(async (ctx, next) => {
      if (ctx.path === '/has') {
        return optional(ctx, async () => {
          ctx.body = { read: has(getAuth(ctx), { permission: 'org:dashboard:read' }) };
        });
      }
      const route = routes[ctx.path];
      if (route === undefined) return next();
      return route(ctx, async () => {
        ran++;
        const auth = getAuth(ctx);
        ctx.body = { sessionStatus: auth.status === 'signed-in' ? auth.sessionStatus : null };
      });
    });
    server = await listen(app);
  });
  afterAll(async () => {
    await server?.close();
    await emu?.close();
  });

  it('a pending session gets 401 by default and 200 with acceptPendingSessions', async () => {
    expect((await get(`${server.url}/me`, t.pending)).status).toBe(401);
    const res = await get(`${server.url}/pending-ok`, t.pending);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sessionStatus: 'pending' });
    expect((await get(`${server.url}/me`, t.member)).status).toBe(200);
  });

  it.each([
    ['/read', 200],
    ['/role', 200],
    ['/fn', 200],
    ['/manage', 403],
    ['/fn-no', 403],
  ])('authorize on %s → %i (downstream runs only when allowed)', async (path, status) => {
    ran = 0;
    const res = await get(`${server.url}${path}`, t.member);
    expect(res.status).toBe(status);
    expect(ran).toBe(status === 200 ? 1 : 0);
    if (status === 403) expect(await res.text()).toBe('');
  });

  it('signed out is still 401, not 403', async () => {
    expect((await get(`${server.url}/manage`)).status).toBe(401);
  });

  it.each(['/throws', '/rejects'])('an authorize function that fails (%s) is a 500 through Koa, never a grant', async (path) => {
    errors.length = 0;
    ran = 0;
    const res = await get(`${server.url}${path}`, t.member);
    expect(res.status).toBe(500);
    expect(ran).toBe(0);
    expect(errors.map((e) => e.message)).toEqual(['authorize exploded']);
  });

  it('a forged token with an added permission fails verification (401)', async () => {
    expect((await get(`${server.url}/read`, t.forged)).status).toBe(401);
    expect((await get(`${server.url}/manage`, t.forged)).status).toBe(401);
  });

  it('has(getAuth(ctx), …) answers for signed-in and signed-out requests', async () => {
    expect(await (await get(`${server.url}/has`, t.member)).json()).toEqual({ read: true });
    expect(await (await get(`${server.url}/has`)).json()).toEqual({ read: false });
  });

  it('bad authorize params throw at construction', () => {
    expect(() => requireSession({ authorize: { permision: 'x' } as never })).toThrow(TypeError);
  });
});
