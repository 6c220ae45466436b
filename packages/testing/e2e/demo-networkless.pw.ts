// The networkless demo: the fixture puts a session JWT in __session and the client token in the
// page's own __client cookie, as the demo's page keeps it.
import { expect, me, test } from './fixtures.js';

test.use({ demoMode: 'networkless', sessiongateOptions: { strategy: 'networkless', clientCookie: '__client' } });

test('a session JWT in __session, the client token in the page\'s own __client cookie', async ({ page, sessiongate, demo }) => {
  test.info().annotations.push({ type: 'emulator', description: demo.emulator.url }, { type: 'user', description: 'user_carol' });
  const carol = await sessiongate.signIn('user_carol');
  expect(carol.strategy).toBe('networkless');
  await page.goto('/');
  await page.waitForSelector('body[data-ready="true"]');
  expect(await me(page)).toEqual({ status: 200, body: { userId: 'user_carol', sessionId: carol.sessionId } });
  const alice = await sessiongate.signInAnother('user_alice');
  expect(await me(page)).toMatchObject({ status: 200, body: { userId: 'user_alice', sessionId: alice.sessionId } });
  await sessiongate.switchTo(carol);
  expect(await me(page)).toMatchObject({ status: 200, body: { userId: 'user_carol' } });
});
