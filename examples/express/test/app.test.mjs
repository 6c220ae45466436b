import { inspect } from 'node:util';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startEmulator } from '@sessiongate/emulator';
import { SEED_USERS, startApp } from '../server.mjs';

let app;

beforeAll(async () => {
  delete process.env.CLERK_API_URL;
  app = await startApp({ port: 0 });
});

afterAll(async () => {
  await app?.close();
});

it('signed in through the emulator: /api/me answers the user and session', async () => {
  const { clientToken, sessionId, userId } = await app.emulator.signIn({ email: SEED_USERS[1].email });
  const res = await fetch(`${app.url}/api/me`, { headers: { cookie: `__session=${clientToken}` } });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ userId, sessionId });
});

it('signed out: /api/me is 401 with no body, /api/whoami answers null', async () => {
  const res = await fetch(`${app.url}/api/me`);
  expect(res.status).toBe(401);
  expect(await res.text()).toBe('');
  expect(await (await fetch(`${app.url}/api/whoami`)).json()).toEqual({ userId: null });
});

it('the dev sign-in route sets the cookie for a seeded user', async () => {
  const res = await fetch(`${app.url}/dev/sign-in?email=${SEED_USERS[0].email}`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  expect(cookie).toMatch(/^__session=/);
  const me = await fetch(`${app.url}/api/whoami`, { headers: { cookie } });
  expect((await me.json()).userId).toMatch(/^user_/);
});

it('an unknown user at the dev sign-in route is a 404 with a JSON message, and no cookie', async () => {
  const res = await fetch(`${app.url}/dev/sign-in?email=nobody@example.test`, { redirect: 'manual' });
  expect(res.status).toBe(404);
  expect(res.headers.get('set-cookie')).toBeNull();
  expect(await res.json()).toEqual({ error: 'no such user on the emulator', users: SEED_USERS.map((u) => u.email) });
});

it('without CLERK_API_KEY, a request with a cookie is a JSON 500 and the log names what to set, once', async () => {
  const emulator = await startEmulator();
  const saved = { url: process.env.CLERK_API_URL, key: process.env.CLERK_API_KEY };
  process.env.CLERK_API_URL = emulator.url;
  delete process.env.CLERK_API_KEY;
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  const misconfigured = await startApp({ port: 0 });
  try {
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${misconfigured.url}/api/me`, { headers: { cookie: '__session=some_client_token' } });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'server misconfigured: see the server log' });
    }
    const lines = logged.mock.calls.map((args) => args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
    expect(lines).toEqual([expect.stringMatching(/^SessiongateError ERR_MISSING_API_KEY: .*set CLERK_API_KEY/)]);
    expect(lines.join('\n')).not.toContain('some_client_token');
  } finally {
    logged.mockRestore();
    await misconfigured.close();
    await emulator.close();
    if (saved.url === undefined) delete process.env.CLERK_API_URL;
    else process.env.CLERK_API_URL = saved.url;
    if (saved.key !== undefined) process.env.CLERK_API_KEY = saved.key;
  }
});
