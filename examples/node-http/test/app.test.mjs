import { inspect } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestAuth } from '@sessiongate/testing';
import { startEmulator } from '@sessiongate/emulator';
import { expectMissingKeyIsLoggedOnce, expectUnknownUserIs404 } from '../../../test-support/example-checks.mjs';
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

it('an unknown user at the dev sign-in route is a 404 with a JSON message, and no cookie', () => expectUnknownUserIs404(app, SEED_USERS));

it('without CLERK_API_KEY, a request with a cookie is a JSON 500 and the log names what to set, once', () => expectMissingKeyIsLoggedOnce(startApp, startEmulator));

it('the built error classes keep their public names (Node names an error by its constructor in logs)', async () => {
  const { SessiongateError, ClerkAPIError } = await import('@sessiongate/core');
  expect(inspect(new SessiongateError('ERR_MISSING_API_KEY', 'm')).split('\n')[0]).toBe('SessiongateError: m');
  expect([SessiongateError.name, ClerkAPIError.name]).toEqual(['SessiongateError', 'ClerkAPIError']);
});
