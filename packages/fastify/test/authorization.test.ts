import { startEmulator, type Emulator } from '@sessiongate/emulator';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationMount, authorizationTokens, describeAuthorization, type AuthorizationTokens } from '../../../test-support/authorization.js';
import * as adapter from '../src/index.js';
import { clerkPlugin, requireSession } from '../src/index.js';

// The authorization routes (test-support/authorization.ts), mounted in Fastify's idiom by the
// shared harness: the plugin in an encapsulated scope, the factory form of requireSession with
// each route's authorize, and acceptPendingSessions (a plugin option) in a scope of its own.
describeAuthorization({
  name: 'Fastify',
  guard: (options) => requireSession(options as never),
  mount: authorizationMount({ name: 'fastify', adapter, framework: Fastify }),
});

// What only Fastify has: authorize through the route option (`config: { clerk }`), alone or with
// the factory form on top, and the `'required'` route mode.
describe('fastify, authorization through the route option', () => {
  let emu: Emulator;
  let t: AuthorizationTokens;
  let app: FastifyInstance;
  let ran = 0;
  let authorizeCalls = 0;
  const errors: Error[] = [];

  beforeAll(async () => {
    emu = await startEmulator();
    t = await authorizationTokens(emu);
    app = Fastify();
    app.register(clerkPlugin, { jwtKey: t.jwtKey, logger: false });
    app.setErrorHandler((error, _request, reply) => {
      errors.push(error as Error);
      reply.code(500).send();
    });
    const ok = async () => {
      ran++;
      return { ok: true };
    };
    app.get('/cfg-required', { config: { clerk: 'required' } }, ok);
    app.get('/cfg-read', { config: { clerk: { authorize: { permission: 'org:dashboard:read' } } } }, ok);
    app.get('/cfg-manage', { config: { clerk: { authorize: { permission: 'org:dashboard:manage' } } } }, ok);
    app.get('/pre-cfg-manage', { preHandler: requireSession, config: { clerk: { authorize: { permission: 'org:dashboard:manage' } } } }, ok);
    app.get('/factory-role', { preHandler: requireSession({ authorize: { role: 'member' } }) }, ok);
    app.get('/factory-admin', { preHandler: requireSession({ authorize: { role: 'org:admin' } }) }, ok);
    app.get('/factory-fn-no', { preHandler: requireSession({ authorize: () => false }) }, ok);
    app.get('/pre-cfg-counted', { preHandler: requireSession, config: { clerk: { authorize: () => (authorizeCalls++, true) } } }, ok);
    app.get('/cfg-read-factory-admin', { preHandler: requireSession({ authorize: { role: 'org:admin' } }), config: { clerk: { authorize: { permission: 'org:dashboard:read' } } } }, ok);
    app.get('/cfg-rejects', { config: { clerk: { authorize: () => Promise.reject(new Error('authorize exploded')) } } }, ok);
    app.get('/cfg-invalid', { config: { clerk: { authorize: 42 as never } } }, ok);
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await emu?.close();
  });

  const inject = (url: string, token?: string) => app.inject({ url, headers: token === undefined ? {} : { cookie: `__session=${token}` } });

  it("a pending session gets 401 from config: { clerk: 'required' }", async () => {
    expect((await inject('/cfg-required', t.pending)).statusCode).toBe(401);
    expect((await inject('/cfg-required', t.member)).statusCode).toBe(200);
  });

  it.each([
    ['/cfg-read', 200],
    ['/factory-role', 200],
    ['/cfg-manage', 403],
    ['/pre-cfg-manage', 403],
    ['/factory-admin', 403],
    ['/factory-fn-no', 403],
  ])('authorize on %s → %i (the handler runs only when allowed)', async (path, status) => {
    ran = 0;
    const res = await inject(path, t.member);
    expect(res.statusCode).toBe(status);
    expect(ran).toBe(status === 200 ? 1 : 0);
    if (status === 403) expect(res.body).toBe('');
  });

  it('the route option and the factory form both apply behind requireSession, the route\'s authorize once per request', async () => {
    authorizeCalls = 0;
    expect((await inject('/pre-cfg-counted', t.member)).statusCode).toBe(200);
    expect(authorizeCalls).toBe(1);
    ran = 0;
    // the route's permission is granted, the factory's role is not: 403
    expect((await inject('/cfg-read-factory-admin', t.member)).statusCode).toBe(403);
    expect(ran).toBe(0);
  });

  it('signed out is still 401, not 403', async () => {
    expect((await inject('/cfg-manage')).statusCode).toBe(401);
    expect((await inject('/factory-admin')).statusCode).toBe(401);
  });

  it('an authorize function of the route option that rejects is a 500 through the error handler, never a grant', async () => {
    errors.length = 0;
    ran = 0;
    const res = await inject('/cfg-rejects', t.member);
    expect(res.statusCode).toBe(500);
    expect(ran).toBe(0);
    expect(errors.map((e) => e.message)).toEqual(['authorize exploded']);
  });

  it('a route option that is not a valid authorize is a 500 with a TypeError naming it, signed in or not, never a grant and never a hang', async () => {
    for (const token of [t.member, undefined]) {
      errors.length = 0;
      ran = 0;
      const res = await inject('/cfg-invalid', token);
      expect(res.statusCode).toBe(500);
      expect(ran).toBe(0);
      // the same TypeError that requireSession({ authorize: 42 }) throws where it is written
      expect(errors.map((e) => e.name)).toEqual(['TypeError']);
      expect(errors[0]!.message).toContain('@sessiongate/fastify: route config "clerk" option "authorize" expects one of');
    }
  });

  it('a forged token with an added permission fails verification (401)', async () => {
    expect((await inject('/cfg-read', t.forged)).statusCode).toBe(401);
    expect((await inject('/cfg-manage', t.forged)).statusCode).toBe(401);
  });
});
