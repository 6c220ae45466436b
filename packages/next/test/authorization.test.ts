import type { ServerResponse } from 'node:http';
import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { createAuth, getAuth, has, requireAuth, requireSession, sessionProxy, withSession } from '@sessiongate/next';
import { NextRequest } from 'next/server.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationTokens, type AuthorizationTokens } from '../../../test-support/authorization.js';
import { startNodeServer } from './helpers/node-server.js';

// Issue 19: pending sessions, authorize → 403 in the Pages API wrapper and the App Router
// helper, a throwing authorize → the route throws (500), forged claims → 401, and a proxy's
// forwarded decision keeps its claims and has().
let emu: Emulator;
let t: AuthorizationTokens;
beforeAll(async () => {
  emu = await startEmulator();
  t = await authorizationTokens(emu);
});
afterAll(async () => {
  await emu?.close();
});

const opts = () => ({ jwtKey: t.jwtKey, logger: false as const });
const base = 'http://127.0.0.1:3000';
const boom = () => {
  throw new Error('authorize exploded');
};

describe('Pages API: requireSession(handler, { authorize })', () => {
  let server: Awaited<ReturnType<typeof startNodeServer>>;
  let ran = 0;
  beforeAll(async () => {
    const ok = (_req: unknown, res: ServerResponse) => {
      ran++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true }));
    };
    server = await startNodeServer({
      '/me': requireSession(ok, opts()),
      '/pending-ok': requireSession((req, res) => {
        const auth = getAuth(req);
        res.end(JSON.stringify({ sessionStatus: auth.status === 'signed-in' ? auth.sessionStatus : null }));
      }, { ...opts(), acceptPendingSessions: true }),
      '/read': requireSession(ok, { ...opts(), authorize: { permission: 'org:dashboard:read' } }),
      '/manage': requireSession(ok, { ...opts(), authorize: { permission: 'dashboard:manage' } }),
      '/fn': requireSession(ok, { ...opts(), authorize: async (s) => s.orgSlug === 'acme' }),
      '/fn-no': requireSession(ok, { ...opts(), authorize: (s) => s.has({ role: 'org:admin' }) }),
      '/throws': requireSession(ok, { ...opts(), authorize: boom }),
      '/has': withSession((req, res) => res.end(JSON.stringify({ read: has(getAuth(req), { permission: 'org:dashboard:read' }) })), opts()),
    });
  });
  afterAll(async () => {
    await server?.close();
  });
  const get = (path: string, token?: string) => fetch(`${server.url}${path}`, { headers: token === undefined ? {} : { cookie: `__session=${token}` } });

  it('a pending session gets 401 by default and 200 with acceptPendingSessions', async () => {
    expect((await get('/me', t.pending)).status).toBe(401);
    const res = await get('/pending-ok', t.pending);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sessionStatus: 'pending' });
  });

  it.each([
    ['/read', 200],
    ['/fn', 200],
    ['/manage', 403],
    ['/fn-no', 403],
  ])('authorize on %s → %i', async (path, status) => {
    ran = 0;
    const res = await get(path, t.member);
    expect(res.status).toBe(status);
    expect(ran).toBe(status === 200 ? 1 : 0);
    if (status === 403) expect(await res.text()).toBe('');
  });

  it('signed out is 401; a throwing authorize makes the route throw (500), never a grant', async () => {
    expect((await get('/manage')).status).toBe(401);
    ran = 0;
    expect((await get('/throws', t.member)).status).toBe(500);
    expect(ran).toBe(0);
  });

  it('a forged token with an added permission fails verification (401); has() answers false when signed out', async () => {
    expect((await get('/read', t.forged)).status).toBe(401);
    expect(await (await get('/has', t.member)).json()).toEqual({ read: true });
    expect(await (await get('/has')).json()).toEqual({ read: false });
  });
});

describe('App Router: requireAuth(handler, { authorize })', () => {
  const ok = async () => Response.json({ ok: true });
  const call = (handler: (r: NextRequest, c: { params: Promise<object> }) => Promise<Response>, token?: string, headers?: Headers) =>
    handler(new NextRequest(`${base}/api/x`, { headers: headers ?? (token === undefined ? {} : { cookie: `__session=${token}` }) }), { params: Promise.resolve({}) });

  it('a pending session gets 401 by default and 200 with acceptPendingSessions', async () => {
    expect((await call(requireAuth(ok, opts()), t.pending)).status).toBe(401);
    const res = await call(requireAuth(async (_r, { auth }) => Response.json({ s: auth.sessionStatus }), { ...opts(), acceptPendingSessions: true }), t.pending);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ s: 'pending' });
  });

  it.each([
    [{ permission: 'org:dashboard:read' }, 200],
    [{ role: 'org:member' }, 200],
    [{ permission: 'org:dashboard:manage' }, 403],
    [{ feature: 'u:dashboard' }, 403],
  ] as const)('authorize %j → %i', async (authorize, status) => {
    const res = await call(requireAuth(ok, { ...opts(), authorize }), t.member);
    expect(res.status).toBe(status);
    if (status === 403) expect(await res.text()).toBe('');
  });

  it('authorize functions: true → 200, false → 403, throwing or rejecting → the handler throws (500)', async () => {
    expect((await call(requireAuth(ok, { ...opts(), authorize: async (s) => s.has({ permission: 'org:dashboard:read' }) }), t.member)).status).toBe(200);
    expect((await call(requireAuth(ok, { ...opts(), authorize: () => false }), t.member)).status).toBe(403);
    await expect(call(requireAuth(ok, { ...opts(), authorize: boom }), t.member)).rejects.toThrow('authorize exploded');
    await expect(call(requireAuth(ok, { ...opts(), authorize: () => Promise.reject(new Error('authorize exploded')) }), t.member)).rejects.toThrow('authorize exploded');
  });

  it('a forged token with an added permission fails verification (401); signed out is 401', async () => {
    expect((await call(requireAuth(ok, { ...opts(), authorize: { permission: 'org:dashboard:read' } }), t.forged)).status).toBe(401);
    expect((await call(requireAuth(ok, { ...opts(), authorize: { permission: 'org:dashboard:read' } }))).status).toBe(401);
  });

  it("a proxy's forwarded decision keeps the claims and has()", async () => {
    const secret = 'x'.repeat(40);
    const proxy = sessionProxy({ ...opts(), proxySecret: secret });
    const url = `${base}/api/x`;
    const response = await proxy(new NextRequest(url, { headers: { cookie: `__session=${t.member}` } }));
    const headers = new Headers();
    const overridden = response.headers.get('x-middleware-override-headers')?.split(',') ?? [];
    for (const name of overridden) headers.set(name, response.headers.get(`x-middleware-request-${name}`) ?? '');
    expect(headers.get('x-sessiongate-auth')).toMatch(/^v1\./);
    const state = await createAuth({ ...opts(), proxySecret: secret })(new NextRequest(url, { headers }));
    expect(state).toMatchObject({ status: 'signed-in', orgRole: 'org:member', orgPermissions: ['org:dashboard:read'] });
    if (state.status !== 'signed-in') return;
    expect(state.has({ permission: 'org:dashboard:read' })).toBe(true);
    expect(state.has({ permission: 'org:dashboard:manage' })).toBe(false);
    const guarded = requireAuth(ok, { ...opts(), proxySecret: secret, authorize: { permission: 'org:dashboard:manage' } });
    expect((await guarded(new NextRequest(url, { headers }), { params: Promise.resolve({}) })).status).toBe(403);
  });
});
