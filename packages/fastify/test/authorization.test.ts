import { startEmulator, type Emulator } from '@sessiongate/emulator';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationTokens, type AuthorizationTokens } from '../../../test-support/authorization.js';
import { clerkPlugin, getAuth, has, requireSession } from '../src/index.js';

// Issue 19: pending sessions, authorize through the route config and the factory → 403, a
// throwing authorize → Fastify's error handler (500), forged claims → 401.
describe('fastify, authorization', () => {
  let emu: Emulator;
  let t: AuthorizationTokens;
  let app: FastifyInstance;
  let pendingApp: FastifyInstance;
  let ran = 0;
  const errors: Error[] = [];

  const build = (options: Record<string, unknown>) => {
    const a = Fastify();
    a.register(clerkPlugin, { jwtKey: t.jwtKey, logger: false, ...options });
    a.setErrorHandler((error, _request, reply) => {
      errors.push(error as Error);
      reply.code(500).send();
    });
    const ok = async () => {
      ran++;
      return { ok: true };
    };
    a.get('/me', { preHandler: requireSession }, async (request) => ({ sessionStatus: (getAuth(request) as { sessionStatus?: string }).sessionStatus }));
    a.get('/cfg-required', { config: { clerk: 'required' } }, ok);
    a.get('/cfg-read', { config: { clerk: { authorize: { permission: 'org:dashboard:read' } } } }, ok);
    a.get('/cfg-manage', { config: { clerk: { authorize: { permission: 'org:dashboard:manage' } } } }, ok);
    a.get('/pre-cfg-manage', { preHandler: requireSession, config: { clerk: { authorize: { permission: 'org:dashboard:manage' } } } }, ok);
    a.get('/factory-role', { preHandler: requireSession({ authorize: { role: 'member' } }) }, ok);
    a.get('/factory-admin', { preHandler: requireSession({ authorize: { role: 'org:admin' } }) }, ok);
    a.get('/factory-fn', { preHandler: requireSession({ authorize: async (s) => s.orgSlug === 'acme' }) }, ok);
    a.get('/factory-fn-no', { preHandler: requireSession({ authorize: () => false }) }, ok);
    a.get('/throws', { preHandler: requireSession({ authorize: () => { throw new Error('authorize exploded'); } }) }, ok);
    a.get('/rejects', { config: { clerk: { authorize: () => Promise.reject(new Error('authorize exploded')) } } }, ok);
    a.get('/has', async (request) => ({ read: has(getAuth(request), { permission: 'org:dashboard:read' }) }));
    return a;
  };

  beforeAll(async () => {
    emu = await startEmulator();
    t = await authorizationTokens(emu);
    app = build({});
    pendingApp = build({ acceptPendingSessions: true });
    await app.ready();
    await pendingApp.ready();
  });
  afterAll(async () => {
    await app?.close();
    await pendingApp?.close();
    await emu?.close();
  });

  const inject = (a: FastifyInstance, url: string, token?: string) =>
    a.inject({ url, headers: token === undefined ? {} : { cookie: `__session=${token}` } });

  it('a pending session gets 401 by default and 200 with acceptPendingSessions', async () => {
    expect((await inject(app, '/me', t.pending)).statusCode).toBe(401);
    expect((await inject(app, '/cfg-required', t.pending)).statusCode).toBe(401);
    const res = await inject(pendingApp, '/me', t.pending);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ sessionStatus: 'pending' });
    expect((await inject(app, '/me', t.member)).statusCode).toBe(200);
  });

  it.each([
    ['/cfg-read', 200],
    ['/factory-role', 200],
    ['/factory-fn', 200],
    ['/cfg-manage', 403],
    ['/pre-cfg-manage', 403],
    ['/factory-admin', 403],
    ['/factory-fn-no', 403],
  ])('authorize on %s → %i (the handler runs only when allowed)', async (path, status) => {
    ran = 0;
    const res = await inject(app, path, t.member);
    expect(res.statusCode).toBe(status);
    expect(ran).toBe(status === 200 ? 1 : 0);
    if (status === 403) expect(res.body).toBe('');
  });

  it('signed out is still 401, not 403', async () => {
    expect((await inject(app, '/cfg-manage')).statusCode).toBe(401);
    expect((await inject(app, '/factory-admin')).statusCode).toBe(401);
  });

  it.each(['/throws', '/rejects'])('an authorize function that fails (%s) is a 500 through the error handler, never a grant', async (path) => {
    errors.length = 0;
    ran = 0;
    const res = await inject(app, path, t.member);
    expect(res.statusCode).toBe(500);
    expect(ran).toBe(0);
    expect(errors.map((e) => e.message)).toEqual(['authorize exploded']);
  });

  it('a forged token with an added permission fails verification (401)', async () => {
    expect((await inject(app, '/cfg-read', t.forged)).statusCode).toBe(401);
    expect((await inject(app, '/cfg-manage', t.forged)).statusCode).toBe(401);
  });

  it('has(getAuth(request), …) answers for signed-in and signed-out requests', async () => {
    expect((await inject(app, '/has', t.member)).json()).toEqual({ read: true });
    expect((await inject(app, '/has')).json()).toEqual({ read: false });
  });

  it('bad authorize params throw at construction', () => {
    expect(() => requireSession({ authorize: { permision: 'x' } as never })).toThrow(TypeError);
  });
});
