import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestAuth } from '@sessiongate/testing';
import { SEED_USERS, startApp } from '../app.mjs';

let running;

beforeAll(async () => {
  delete process.env.CLERK_API_URL;
  running = await startApp({ port: 0 });
});
afterAll(async () => {
  await running?.close();
});

it('answers a signed-in request with the user and session', async () => {
  // @sessiongate/testing, attached to the emulator the app started
  const auth = await createTestAuth({ url: running.emulator.url, apiKey: running.emulator.apiKey });
  const user = await auth.signIn(SEED_USERS[0].email);
  const res = await fetch(`${running.url}/api/me`, { headers: user.headers });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ userId: user.userId, sessionId: user.sessionId });
  await auth.close();
});

it('answers a signed-out request with 401 and no body', async () => {
  const res = await fetch(`${running.url}/api/me`);
  expect(res.status).toBe(401);
  expect(await res.text()).toBe('');
  const whoami = await fetch(`${running.url}/api/whoami`);
  expect(await whoami.json()).toEqual({ signedIn: false, userId: null });
});
