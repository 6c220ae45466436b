import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { rawRequest } from './helpers/raw-http.js';

// Regression tests: the API-key check and the control plane's
// Origin check used to look at the raw path while the router matched the decoded one, so
// `/%761/users` or `/__%65mulator/state` reached their handlers unchecked.

const EVIL = 'http://evil.example';

const hex = (c: string) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** Other spellings of `path` (no query): percent-encoded letters, %2F, //, /./, trailing /, case. */
function spellings(path: string): { target: string; mixedCase: boolean }[] {
  const segs = path.split('/').slice(1);
  const join = (s: string[]) => `/${s.join('/')}`;
  const out = new Map<string, boolean>();
  const add = (target: string, mixedCase = false) => {
    if (target !== path) out.set(target, mixedCase);
  };
  segs.forEach((seg, i) => {
    for (let j = 0; j < seg.length; j++) {
      if (i > 0 && j > 0) break; // every character of the first segment, the first of the others
      const c = seg[j] ?? '';
      for (const enc of [hex(c), hex(c).toUpperCase()]) add(join(segs.map((s, k) => (k === i ? s.slice(0, j) + enc + s.slice(j + 1) : s))));
    }
  });
  add(join(segs.map((s, k) => (k === 0 ? [...s].map(hex).join('') : s))));
  for (let i = 1; i < segs.length; i++) {
    add(`/${segs.slice(0, i).join('/')}%2F${segs.slice(i).join('/')}`);
    add(`/${segs.slice(0, i).join('/')}%2f${segs.slice(i).join('/')}`);
    add(`/${segs.slice(0, i).join('/')}//${segs.slice(i).join('/')}`);
    add(`/${segs.slice(0, i).join('/')}/./${segs.slice(i).join('/')}`);
    add(`/${segs.slice(0, i).join('/')}/%2e/${segs.slice(i).join('/')}`);
  }
  add(`/${path}`);
  add(`/.${path}`);
  add(`/%2e${path}`);
  add(`/x/..${path}`);
  add(`${path}/`);
  add(`${path}//`);
  add(join(segs.map((s, k) => (k === 0 ? s.toUpperCase() : s))), true);
  add(join(segs.map((s) => s.charAt(0).toUpperCase() + s.slice(1))), true);
  return [...out].map(([target, mixedCase]) => ({ target, mixedCase }));
}

interface RouteCase {
  method: string;
  path: string;
  body?: unknown;
}

let emu: Emulator;
let sessionId: string;
let clientToken: string;
let userId: string;

beforeAll(async () => {
  emu = await startEmulator({ corsOrigins: ['http://localhost:5173'] });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await emu.reset();
  const user = await emu.createUser({ email: 'victim@example.com' });
  userId = user.id;
  ({ sessionId, clientToken } = await emu.signIn({ userId }));
});

const backendRoutes = (): RouteCase[] => [
  { method: 'GET', path: '/v1/users' },
  { method: 'GET', path: `/v1/users/${userId}` },
  { method: 'POST', path: '/v1/users', body: { email_address: 'new@example.com' } },
  { method: 'GET', path: '/v1/clients' },
  { method: 'POST', path: '/v1/clients/verify', body: { token: clientToken } },
  { method: 'GET', path: '/v1/sessions' },
  { method: 'GET', path: `/v1/sessions/${sessionId}` },
  { method: 'POST', path: `/v1/sessions/${sessionId}/verify`, body: { token: clientToken } },
  { method: 'POST', path: `/v1/sessions/${sessionId}/revoke` },
  { method: 'GET', path: '/v1/jwks' },
];

const controlRoutes = (): RouteCase[] => [
  { method: 'GET', path: '/__emulator/state' },
  { method: 'GET', path: '/__emulator/users' },
  { method: 'POST', path: '/__emulator/users', body: { email: 'planted@example.com' } },
  { method: 'POST', path: '/__emulator/sign-in', body: { userId } },
  { method: 'POST', path: '/__emulator/revoke', body: { sessionId } },
  { method: 'POST', path: '/__emulator/reset' },
  { method: 'GET', path: '/__emulator/requests' },
  { method: 'POST', path: '/__emulator/clock', body: { advanceMs: 1000 } },
  { method: 'POST', path: '/__emulator/faults', body: { route: '*', fault: { type: 'status', status: 500 } } },
  { method: 'GET', path: '/__emulator/health' },
];

function send(route: RouteCase, target: string, headers: Record<string, string>) {
  const body = route.body === undefined ? undefined : JSON.stringify(route.body);
  return rawRequest(emu.url, route.method, target, {
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body,
  });
}

describe('every spelling of a /v1 path gets the API-key check', () => {
  it('the table covers the spellings the review used', () => {
    const targets = spellings('/v1/users').map((s) => s.target);
    expect(targets).toEqual(expect.arrayContaining(['/%761/users', '/v%31/users', '/v1%2Fusers', '//v1/users', '/v1/./users', '/v1/users/', '/V1/users']));
    expect(spellings('/__emulator/state').map((s) => s.target)).toContain('/__%65mulator/state');
  });

  it('without a key, no spelling of any backend route is answered 2xx, and nothing changes', async () => {
    const before = emu.exportState();
    const leaks: string[] = [];
    for (const route of backendRoutes()) {
      for (const { target } of [{ target: route.path }, ...spellings(route.path)]) {
        const res = await send(route, target, {});
        if (res.status < 400 || ![401, 404].includes(res.status)) leaks.push(`${route.method} ${target} -> ${res.status}`);
        expect(JSON.parse(res.body)).toHaveProperty('errors');
      }
    }
    expect(leaks).toEqual([]);
    expect(emu.exportState()).toEqual(before);
  });

  it('with a wrong key, the spellings the review used answer 401 like the plain path', async () => {
    for (const [method, target] of [
      ['GET', '/%761/users'],
      ['GET', '/v%31/clients'],
      ['POST', `/%761/sessions/${sessionId}/revoke`],
    ] as const) {
      const res = await rawRequest(emu.url, method, target, { headers: { authorization: 'Bearer test_wrong_wrong_wrong' } });
      expect(res.status, `${method} ${target}`).toBe(401);
      expect(JSON.parse(res.body).errors[0].code).toBe('authentication_invalid');
    }
    const sessions = await emu.exportState();
    expect(sessions.sessions.find((s) => s.id === sessionId)?.status).toBe('active');
  });

  it('every spelling with the key counts as a backend call, routed or not', async () => {
    const miscounted: string[] = [];
    for (const route of backendRoutes().filter((r) => r.method === 'GET')) {
      for (const { target, mixedCase } of spellings(route.path)) {
        emu.clearRequests();
        const res = await send(route, target, { authorization: `Bearer ${emu.apiKey}` });
        const expected = mixedCase ? 0 : 1;
        if (emu.backendCalls() !== expected) miscounted.push(`${target} (${res.status}): ${emu.backendCalls()}`);
      }
    }
    expect(miscounted).toEqual([]);
    emu.clearRequests();
    expect((await rawRequest(emu.url, 'GET', '/%761/users', { headers: { authorization: `Bearer ${emu.apiKey}` } })).status).toBe(200);
    expect(emu.backendCalls()).toBe(1);
  });
});

describe('every spelling of a /__emulator path gets the Origin check', () => {
  it('from another origin, no spelling of any control route is answered 2xx, and nothing changes', async () => {
    const before = emu.exportState();
    const leaks: string[] = [];
    for (const route of controlRoutes()) {
      for (const { target } of [{ target: route.path }, ...spellings(route.path)]) {
        const res = await send(route, target, { origin: EVIL });
        if (![403, 404].includes(res.status)) leaks.push(`${route.method} ${target} -> ${res.status}`);
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
      }
    }
    expect(leaks).toEqual([]);
    expect(emu.exportState()).toEqual(before);
  });

  it('a cross-site form POST to a spelled sign-in creates no session', async () => {
    const before = emu.exportState().sessions.length;
    const res = await rawRequest(emu.url, 'POST', '/__%65mulator/sign-in', {
      headers: { origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' },
      body: `userId=${userId}`,
    });
    expect(res.status).toBe(403);
    expect(emu.exportState().sessions.length).toBe(before);
  });

  it('an allowed origin still reaches a spelled control path, with its CORS headers', async () => {
    const res = await rawRequest(emu.url, 'GET', '/__%65mulator/health', { headers: { origin: 'http://localhost:5173' } });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
  });
});
