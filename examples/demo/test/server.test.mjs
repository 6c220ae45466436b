// The demo's server without a browser: its routes, the emulator's CORS for the page's
// origin, and the CLI (`npm run demo` ends in `node examples/demo/server.mjs`) stopping
// everything it started on SIGINT and SIGTERM.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_USERS, startDemo } from '../server.mjs';

describe('startDemo()', () => {
  let demo;
  beforeAll(async () => {
    demo = await startDemo({ port: 0 });
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('serves the page with a CSP that allows only itself and the emulator', async () => {
    const res = await fetch(demo.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<script type="module" src="/demo.js">');
    expect(res.headers.get('content-security-policy')).toContain(`connect-src 'self' ${demo.emulator.url}`);
    const config = await (await fetch(`${demo.url}/demo/config.json`)).json();
    expect(config).toEqual({ emulatorUrl: demo.emulator.url, users: SEED_USERS, mode: 'backend', tokenLifetimeMs: 30_000, cacheTtlMs: 60_000 });
  });

  it('opens the emulator control plane to the page origin only', async () => {
    const preflight = (origin) =>
      fetch(`${demo.emulator.url}/__emulator/sign-in`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const ok = await preflight(demo.url);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(demo.url);
    expect((await preflight('http://evil.test')).status).toBe(403);
  });

  it('protects /api/me, explains with /api/auth-state and lists the client with /api/client', async () => {
    expect((await fetch(`${demo.url}/api/me`)).status).toBe(401);
    const a = await demo.emulator.signIn({ userId: 'user_alice' });
    const b = await demo.emulator.signIn({ userId: 'user_bob', clientToken: a.clientToken });
    const cookie = `__session=${a.clientToken}`;
    const me = await fetch(`${demo.url}/api/me?_clerk_session_id=${a.sessionId}`, { headers: { cookie } });
    expect(await me.json()).toEqual({ userId: 'user_alice', sessionId: a.sessionId });
    const client = await (await fetch(`${demo.url}/api/client`, { headers: { cookie } })).json();
    expect(client.client.lastActiveSessionId).toBe(b.sessionId);
    expect(client.client.sessions.map((s) => s.userId)).toEqual(['user_alice', 'user_bob']);
    // cached for 60 s, and dropped by the emulator's webhook: a 401 once the delivery has landed
    const bobMe = () => fetch(`${demo.url}/api/me?_clerk_session_id=${b.sessionId}`, { headers: { cookie } });
    expect((await bobMe()).status).toBe(200);
    await demo.emulator.revokeSession(b.sessionId);
    await demo.emulator.webhooks.idle();
    expect(demo.emulator.webhooks.deliveries.find((d) => d.type === 'session.revoked')?.status).toBe('delivered');
    expect((await bobMe()).status).toBe(401);
    const state = await (await fetch(`${demo.url}/api/auth-state?_clerk_session_id=${b.sessionId}`, { headers: { cookie } })).json();
    expect(state).toEqual({ status: 'signed-out', reason: 'session-inactive' });
    // A cookie the emulator does not know (an earlier run): no client, not an error.
    const stale = await fetch(`${demo.url}/api/client`, { headers: { cookie: '__session=unknownTokenFromAnEarlierRun' } });
    expect(stale.status).toBe(401);
  });
});

describe('startDemo({ mode: "networkless" })', () => {
  let demo;
  beforeAll(async () => {
    demo = await startDemo({ port: 0, mode: 'networkless', tokenLifetimeMs: 5_000 });
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('verifies session JWTs locally: one JWKS fetch, then no Backend API call', async () => {
    const config = await (await fetch(`${demo.url}/demo/config.json`)).json();
    expect(config).toMatchObject({ mode: 'networkless', tokenLifetimeMs: 5_000 });
    const a = await demo.emulator.signIn({ userId: 'user_alice' });
    const first = await fetch(`${demo.url}/api/me`, { headers: { cookie: `__session=${a.sessionToken}` } });
    expect(await first.json()).toEqual({ userId: 'user_alice', sessionId: a.sessionId });
    const before = demo.emulator.backendCalls();
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${demo.url}/api/me?_clerk_session_id=${a.sessionId}`, { headers: { cookie: `__session=${a.sessionToken}` } });
      expect(res.status).toBe(200);
    }
    expect(demo.emulator.backendCalls() - before).toBe(0);
    // The client token is not a session JWT: in this mode it does not sign anyone in.
    expect((await fetch(`${demo.url}/api/me`, { headers: { cookie: `__session=${a.clientToken}` } })).status).toBe(401);
  });

  it('answers 401 session-mismatch when _clerk_session_id is not the JWT\'s session', async () => {
    const a = await demo.emulator.signIn({ userId: 'user_alice' });
    const b = await demo.emulator.signIn({ userId: 'user_bob', clientToken: a.clientToken });
    const cookie = `__session=${b.sessionToken}`;
    expect((await fetch(`${demo.url}/api/me?_clerk_session_id=${a.sessionId}`, { headers: { cookie } })).status).toBe(401);
    const state = await (await fetch(`${demo.url}/api/auth-state?_clerk_session_id=${a.sessionId}`, { headers: { cookie } })).json();
    expect(state).toEqual({ status: 'signed-out', reason: 'session-mismatch' });
    // The page lists the client's sessions from the client token, kept in `__client` in this mode.
    const client = await (await fetch(`${demo.url}/api/client`, { headers: { cookie: `__client=${a.clientToken}` } })).json();
    expect(client.client.sessions.map((s) => s.id)).toEqual([a.sessionId, b.sessionId]);
  });
});

describe('the CLI', () => {
  const server = fileURLToPath(new URL('../server.mjs', import.meta.url));

  for (const signal of ['SIGINT', 'SIGTERM']) {
    it(`prints its URL and the seeded users, and stops everything on ${signal}`, async () => {
      const child = spawn(process.execPath, [server], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.stderr.on('data', (chunk) => (out += chunk));
      const exited = new Promise((resolve) => child.once('exit', (code, sig) => resolve({ code, sig })));
      await expect.poll(() => out, { timeout: 20_000 }).toContain('Ctrl-C');
      const appUrl = out.match(/sessiongate demo\s+(http:\/\/127\.0\.0\.1:\d+)/)?.[1];
      const emulatorUrl = out.match(/emulator \(Backend API\)\s+(http:\/\/127\.0\.0\.1:\d+)/)?.[1];
      expect(appUrl).toBeDefined();
      expect(emulatorUrl).toBeDefined();
      for (const u of SEED_USERS) expect(out).toContain(u.email);
      expect((await fetch(appUrl)).status).toBe(200);
      expect((await fetch(`${emulatorUrl}/__emulator/health`)).status).toBe(200);

      child.kill(signal);
      expect(await exited).toEqual({ code: 0, sig: null });
      await expect(fetch(appUrl)).rejects.toThrow();
      await expect(fetch(`${emulatorUrl}/__emulator/health`)).rejects.toThrow();
    });
  }
});
