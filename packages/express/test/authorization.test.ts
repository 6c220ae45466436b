import { startEmulator, type Emulator } from '@sessiongate/emulator';
import express5 from 'express';
import express4 from 'express4';
import type { ErrorRequestHandler, Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationTokens, type AuthorizationTokens } from '../../../test-support/authorization.js';
import { ClerkExpressRequireSession, ClerkExpressMiddleware, getAuth, has } from '../src/index.js';
import { get, listen, type Listening } from './helpers.js';

// Issue 19: pending sessions, authorize (has() params or a function) → 403, a throwing authorize
// → the framework's error path (500), forged claims → 401. Real tokens minted by the emulator.
describe.each([
  ['Express 5', express5 as unknown as () => Express],
  ['Express 4', express4 as unknown as () => Express],
] as const)('%s, authorization', (_name, createApp) => {
  let emu: Emulator;
  let server: Listening;
  let t: AuthorizationTokens;
  const errors: unknown[] = [];

  beforeAll(async () => {
    emu = await startEmulator();
    t = await authorizationTokens(emu);
    const opts = { jwtKey: t.jwtKey, logger: false as const };
    const app = createApp();
    const ok = (_req: unknown, res: { json: (v: unknown) => void }) => res.json({ ok: true });
    app.get('/me', ClerkExpressRequireSession(opts), ok);
    app.get('/pending-ok', ClerkExpressRequireSession({ ...opts, acceptPendingSessions: true }), (req, res) => {
      const auth = getAuth(req);
      res.json({ sessionStatus: auth.status === 'signed-in' ? auth.sessionStatus : null });
    });
    app.get('/read', ClerkExpressRequireSession({ ...opts, authorize: { permission: 'org:dashboard:read' } }), ok);
    app.get('/manage', ClerkExpressRequireSession({ ...opts, authorize: { permission: 'dashboard:manage' } }), ok);
    app.get('/role', ClerkExpressRequireSession({ ...opts, authorize: { role: 'org:member' } }), ok);
    app.get('/fn', ClerkExpressRequireSession({ ...opts, authorize: async (s) => s.orgSlug === 'acme' }), ok);
    app.get('/fn-no', ClerkExpressRequireSession({ ...opts, authorize: (s) => s.has({ role: 'org:admin' }) }), ok);
    app.get('/throws', ClerkExpressRequireSession({ ...opts, authorize: () => { throw new Error('authorize exploded'); } }), ok);
    app.get('/rejects', ClerkExpressRequireSession({ ...opts, authorize: () => Promise.reject(new Error('authorize exploded')) }), ok);
    app.get('/has', ClerkExpressMiddleware(opts), (req, res) => res.json({ read: has(getAuth(req), { permission: 'org:dashboard:read' }) }));
    app.use(((err, _req, res, _next) => {
      errors.push(err);
      res.status(500).end();
    }) as ErrorRequestHandler);
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
  ])('authorize on %s → %i', async (path, status) => {
    const res = await get(`${server.url}${path}`, t.member);
    expect(res.status).toBe(status);
    if (status === 403) expect(await res.text()).toBe('');
  });

  it('signed out is still 401, not 403', async () => {
    expect((await get(`${server.url}/manage`)).status).toBe(401);
  });

  it.each(['/throws', '/rejects'])('an authorize function that fails (%s) is a 500 through the error handler, never a grant', async (path) => {
    errors.length = 0;
    const res = await get(`${server.url}${path}`, t.member);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('');
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('authorize exploded');
  });

  it('a forged token with an added permission fails verification (401)', async () => {
    expect((await get(`${server.url}/read`, t.forged)).status).toBe(401);
    expect((await get(`${server.url}/manage`, t.forged)).status).toBe(401);
  });

  it('has(getAuth(req), …) answers for signed-in and signed-out requests', async () => {
    expect(await (await get(`${server.url}/has`, t.member)).json()).toEqual({ read: true });
    expect(await (await get(`${server.url}/has`)).json()).toEqual({ read: false });
  });

  it('bad authorize params throw at construction', () => {
    expect(() => ClerkExpressRequireSession({ authorize: { permision: 'x' } as never })).toThrow(TypeError);
  });
});
