// What every example with an embedded emulator and a dev sign-in route must answer, the same
// way (examples/express, koa, hono, node-http: `exampleAppSuite` in their test/app.test.mjs).
import { inspect } from 'node:util';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

/**
 * Registers the example suite. The example passes what it imports itself (this folder belongs
 * to no package, so it cannot import @sessiongate/* by name): its `startApp` and `SEED_USERS`,
 * and `startEmulator` and `createTestAuth`.
 */
export function exampleAppSuite({ startApp, SEED_USERS, startEmulator, createTestAuth }) {
  let app;
  beforeAll(async () => {
    delete process.env.CLERK_API_URL;
    app = await startApp({ port: 0 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('signed in through the emulator: /api/me answers the user and session', async () => {
    // @sessiongate/testing, attached to the emulator the app started
    const auth = await createTestAuth({ url: app.emulator.url, apiKey: app.emulator.apiKey });
    const user = await auth.signIn(SEED_USERS[1].email);
    const res = await fetch(`${app.url}/api/me`, { headers: user.headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: user.userId, sessionId: user.sessionId });
    await auth.close();
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

  it('the backend is rate limited: /api/me is 503 with Retry-After and no body, never signed in', async () => {
    const { clientToken } = await app.emulator.signIn({ email: SEED_USERS[0].email });
    app.emulator.fault('*', { type: 'rate-limit', retryAfter: 7 }, { times: 1 });
    const res = await fetch(`${app.url}/api/me`, { headers: { cookie: `__session=${clientToken}` } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.text()).toBe('');
  });

  it('an unknown user at the dev sign-in route is a 404 with a JSON message, and no cookie', () => expectUnknownUserIs404(app, SEED_USERS));

  it('without CLERK_API_KEY, a request with a cookie is a JSON 500 and the log names what to set, once', () =>
    expectMissingKeyIsLoggedOnce(startApp, startEmulator));
}

/** An unknown user at the dev sign-in route is a 404 with a JSON message, and sets no cookie. */
export async function expectUnknownUserIs404(app, seedUsers) {
  const res = await fetch(`${app.url}/dev/sign-in?email=nobody@example.test`, { redirect: 'manual' });
  expect(res.status).toBe(404);
  expect(res.headers.get('set-cookie')).toBeNull();
  expect(await res.json()).toEqual({ error: 'no such user on the emulator', users: seedUsers.map((u) => u.email) });
}

/**
 * Without CLERK_API_KEY (CLERK_API_URL pointing at a real emulator), a request with a cookie is a
 * JSON 500, and the log names what to set once, however many requests fail. `startEmulator`
 * comes from the example (this folder belongs to no package, so it cannot import it by name).
 */
export async function expectMissingKeyIsLoggedOnce(startApp, startEmulator) {
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
}
