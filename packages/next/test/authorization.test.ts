import type { ServerResponse } from 'node:http';
import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { createAuth, getAuth, has, requireAuth, requireSession, sessionProxy, withSession, type Authorize } from '@sessiongate/next';
import { NextRequest } from 'next/server.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHORIZE_ROUTES, authorizationTokens, describeAuthorization, type AuthorizationTokens } from '../../../test-support/authorization.js';
import { startNodeServer, type NodeHandler } from './helpers/node-server.js';

// The Pages API wrapper runs the shared authorization suite (test-support/authorization.ts) on a
// real node:http server; the App Router helper's cases below call its handlers directly, and a
// proxy's forwarded decision keeps its claims and has().
describeAuthorization({
  name: 'Next.js Pages API, requireSession(handler, { authorize })',
  guard: (options) => requireSession(() => undefined, options as never),
  mount: async ({ options, ran, errored }) => {
    const sessionStatus = (req: Parameters<typeof getAuth>[0], res: ServerResponse) => {
      ran();
      const auth = getAuth(req);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ sessionStatus: auth.status === 'signed-in' ? auth.sessionStatus : null }));
    };
    const routes: Record<string, NodeHandler> = {
      '/me': requireSession(sessionStatus, options),
      '/pending-ok': requireSession(sessionStatus, { ...options, acceptPendingSessions: true }),
      '/has': withSession((req, res) => res.end(JSON.stringify({ read: has(getAuth(req), { permission: 'org:dashboard:read' }) })), options),
    };
    for (const [path, { authorize }] of Object.entries(AUTHORIZE_ROUTES)) {
      routes[path] = requireSession(sessionStatus, { ...options, authorize: authorize as Authorize });
    }
    return startNodeServer(routes, undefined, errored);
  },
});

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
