// Four workers in parallel, each signing a different user into its own demo app (examples/demo,
// with its own emulator) through the sessiongate fixture, then a second user on the same
// client, then a switch of the active session.
import { expect, me, test } from './fixtures.js';

const pairs = [
  ['user_alice', 'user_bob'],
  ['user_bob', 'user_carol'],
  ['user_carol', 'user_alice'],
  ['created', 'user_bob'],
] as const;

for (const [first, second] of pairs) {
  test(`signs ${first} in, then ${second} on the same client, and switches`, async ({ page, sessiongate, demo }) => {
    test.info().annotations.push({ type: 'emulator', description: demo.emulator.url }, { type: 'user', description: first });
    const firstUser = first === 'created' ? (await sessiongate.auth.createUser({ firstName: 'Dave' })).id : first;

    const a = await sessiongate.signIn(firstUser);
    await page.goto('/');
    await page.waitForSelector('body[data-ready="true"]');
    await expect(page.locator(`[data-testid="session-row"][data-user-id="${firstUser}"]`)).toHaveCount(1);
    expect(await me(page)).toEqual({ status: 200, body: { userId: firstUser, sessionId: a.sessionId } });

    const b = await sessiongate.signInAnother(second);
    expect(b.clientToken).toBe(a.clientToken);
    expect(await me(page)).toMatchObject({ status: 200, body: { userId: second } });
    expect(await me(page, a.withSessionId('/api/me'))).toMatchObject({ status: 200, body: { userId: firstUser } });

    await sessiongate.switchTo(a);
    expect(await me(page)).toMatchObject({ status: 200, body: { userId: firstUser } });
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await expect(page.locator('[data-testid="session-row"]')).toHaveCount(2);
  });
}
