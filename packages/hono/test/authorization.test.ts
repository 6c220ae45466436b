import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationTokens, type AuthorizationTokens } from '../../../test-support/authorization.js';
import { clerkMiddleware, getAuth, has, requireSession } from '../src/index.js';
import { inProcess, serveOnLoopback, type Mounted } from './helpers.js';

// Issue 19: pending sessions, authorize → 403, a throwing authorize → Hono's onError (500),
// forged claims → 401. Real tokens minted by the emulator.
describe.each([
  ['@hono/node-server over loopback', serveOnLoopback],
  ['app.request (fetch only)', async (app: Hono) => inProcess(app)],
] as const)('Hono 4, %s, authorization', (_mount, start) => {
  let emu: Emulator;
  let app: Mounted;
  let t: AuthorizationTokens;
  let ran = 0;
  const errors: Error[] = [];

  beforeAll(async () => {
    emu = await startEmulator();
    t = await authorizationTokens(emu);
    const opts = { jwtKey: t.jwtKey, logger: false as const };
    const hono = new Hono();
    hono.onError((err, c) => {
      errors.push(err);
      return c.body(null, 500);
    });
    const ok = (c: { json: (v: unknown) => Response }) => {
      ran++;
      return c.json({ ok: true });
    };
    hono.get('/me', requireSession(opts), ok);
    hono.get('/pending-ok', requireSession({ ...opts, acceptPendingSessions: true }), (c) => {
      const auth = getAuth(c);
      return c.json({ sessionStatus: auth.status === 'signed-in' ? auth.sessionStatus : null });
    });
    hono.get('/read', requireSession({ ...opts, authorize: { permission: 'org:dashboard:read' } }), ok);
    hono.get('/manage', requireSession({ ...opts, authorize: { permission: 'dashboard:manage' } }), ok);
    hono.get('/role', requireSession({ ...opts, authorize: { role: 'org:member' } }), ok);
    hono.get('/fn', requireSession({ ...opts, authorize: async (s) => s.orgSlug === 'acme' }), ok);
    hono.get('/fn-no', requireSession({ ...opts, authorize: (s) => s.has({ role: 'org:admin' }) }), ok);
    hono.get('/throws', requireSession({ ...opts, authorize: () => { throw new Error('authorize exploded'); } }), ok);
    hono.get('/rejects', requireSession({ ...opts, authorize: () => Promise.reject(new Error('authorize exploded')) }), ok);
    hono.get('/has', clerkMiddleware(opts), (c) => c.json({ read: has(getAuth(c), { permission: 'org:dashboard:read' }) }));
    app = await start(hono);
  });
  afterAll(async () => {
    await app?.close();
    await emu?.close();
  });

  it('a pending session gets 401 by default and 200 with acceptPendingSessions', async () => {
    expect((await app.send('/me', t.pending)).status).toBe(401);
    const res = await app.send('/pending-ok', t.pending);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sessionStatus: 'pending' });
    expect((await app.send('/me', t.member)).status).toBe(200);
  });

  it.each([
    ['/read', 200],
    ['/role', 200],
    ['/fn', 200],
    ['/manage', 403],
    ['/fn-no', 403],
  ])('authorize on %s → %i (the handler runs only when allowed)', async (path, status) => {
    ran = 0;
    const res = await app.send(path, t.member);
    expect(res.status).toBe(status);
    expect(ran).toBe(status === 200 ? 1 : 0);
    if (status === 403) expect(await res.text()).toBe('');
  });

  it('signed out is still 401, not 403', async () => {
    expect((await app.send('/manage')).status).toBe(401);
  });

  it.each(['/throws', '/rejects'])('an authorize function that fails (%s) is a 500 through onError, never a grant', async (path) => {
    errors.length = 0;
    ran = 0;
    const res = await app.send(path, t.member);
    expect(res.status).toBe(500);
    expect(ran).toBe(0);
    expect(errors.map((e) => e.message)).toEqual(['authorize exploded']);
  });

  it('a forged token with an added permission fails verification (401)', async () => {
    expect((await app.send('/read', t.forged)).status).toBe(401);
    expect((await app.send('/manage', t.forged)).status).toBe(401);
  });

  it('has(getAuth(c), …) answers for signed-in and signed-out requests', async () => {
    expect(await (await app.send('/has', t.member)).json()).toEqual({ read: true });
    expect(await (await app.send('/has')).json()).toEqual({ read: false });
  });

  it('bad authorize params throw at construction', () => {
    expect(() => requireSession({ authorize: { permision: 'x' } as never })).toThrow(TypeError);
  });
});
