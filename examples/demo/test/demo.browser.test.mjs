// End to end in a real browser: Debian's headless Chromium driven by playwright-core
// (`npx playwright install` cannot download browsers here). Starts the demo on port 0,
// signs two users in on one client, switches, calls /api/me with and without
// _clerk_session_id, signs one session out and revokes the other, asserting on what the
// page shows and cross-checking the emulator. Saves a screenshot under artifacts/.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { startDemo } from '../server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IN_CI = Boolean(process.env.CI);
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(`example-demo: SKIPPING the browser test: ${CHROMIUM} not found (install Debian's chromium: apt-get install chromium). In CI it runs and fails instead.`);
}

// skip-reason: need Debian's chromium (apt-get install chromium; CI installs it)
describe.skipIf(!HAVE_CHROMIUM && !IN_CI)('the demo page in headless Chromium', () => {
  let demo;
  let browser;
  let page;
  const pageErrors = [];

  beforeAll(async () => {
    demo = await startDemo({ port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (msg) => {
      // The browser logs every 401 the page fetches on purpose; anything else is a failure.
      if (msg.type() === 'error' && !/status of 401 \(Unauthorized\)/.test(msg.text())) pageErrors.push(msg.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  const row = (userId) => page.locator(`[data-testid="session-row"][data-user-id="${userId}"]`);
  const lastAnswer = () => page.locator('[data-testid="result"]').first();

  /** Clicks a call button and returns the newest result's status and text. */
  async function call(button) {
    const before = await page.locator('[data-testid="result"]').count();
    await button.click();
    await expect.poll(() => page.locator('[data-testid="result"]').count()).toBe(before + 1);
    return { status: await lastAnswer().getAttribute('data-status'), text: await lastAnswer().locator('[data-testid="result-answer"]').innerText() };
  }

  async function sessionCookie() {
    const cookies = await page.context().cookies(demo.url);
    return cookies.find((c) => c.name === '__session');
  }

  it('runs the whole multi-session flow', async () => {
    await page.goto(demo.url);
    await page.waitForSelector('body[data-ready="true"]');
    await expect.poll(() => page.locator('[data-testid^="sign-in-user_"]').count()).toBe(demo.users.length);
    expect(await page.getByTestId('cookie-state').innerText()).toBe('not set');

    // Signed out: the protected route answers 401, with the reason from getAuth().
    let answer = await call(page.getByTestId('call-last-active'));
    expect(answer).toEqual({ status: '401', text: 'Unauthorized (signed-out: token-missing)' });

    // Sign in user A: the page sets a first-party __session cookie holding the client token.
    await page.getByTestId('sign-in-user_alice').click();
    await expect.poll(() => row('user_alice').count()).toBe(1);
    const cookieA = await sessionCookie();
    expect(cookieA).toMatchObject({ path: '/', sameSite: 'Lax', domain: '127.0.0.1' });
    expect(cookieA.value).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    const aliceSession = await row('user_alice').getAttribute('data-session-id');
    expect(aliceSession).toMatch(/^sess_/);

    // Sign in user B in the same browser: same client token, a second session, B active.
    await page.getByTestId('sign-in-user_bob').click();
    await expect.poll(() => row('user_bob').count()).toBe(1);
    expect((await sessionCookie()).value).toBe(cookieA.value);
    expect(await page.locator('[data-testid="session-row"]').count()).toBe(2);
    const bobSession = await row('user_bob').getAttribute('data-session-id');
    expect(await row('user_bob').getAttribute('data-active')).toBe('true');
    expect(await row('user_alice').getAttribute('data-active')).toBe('false');
    const clients = new Set(demo.emulator.exportState().sessions.map((s) => s.clientId));
    expect(clients.size).toBe(1); // the emulator holds one client with both sessions

    // Without _clerk_session_id: the last active session (B). With it: the one named.
    answer = await call(page.getByTestId('call-last-active'));
    expect(answer.status).toBe('200');
    expect(answer.text).toContain('user_bob');
    answer = await call(row('user_alice').getByTestId('call-with-id'));
    expect(answer.status).toBe('200');
    expect(answer.text).toContain('user_alice');
    expect(answer.text).toContain(aliceSession);
    expect(await lastAnswer().locator('.url').innerText()).toBe(`GET /api/me?_clerk_session_id=${aliceSession}`);

    // Switch: A becomes the active session; the last-active call follows.
    await row('user_alice').getByTestId('make-active').click();
    await expect.poll(() => row('user_alice').getAttribute('data-active')).toBe('true');
    expect(await row('user_bob').getAttribute('data-active')).toBe('false');
    answer = await call(page.getByTestId('call-last-active'));
    expect(answer.status).toBe('200');
    expect(answer.text).toContain('user_alice');

    // Sign A (the active session) out: calls with A's id turn to 401; B still works, and the
    // emulator makes B the client's last active session, so the call without an id gets B.
    await row('user_alice').getByTestId('sign-out').click();
    await expect.poll(() => row('user_alice').getAttribute('data-status')).toBe('ended');
    answer = await call(row('user_alice').getByTestId('call-with-id'));
    expect(answer).toEqual({ status: '401', text: 'Unauthorized (signed-out: session-inactive)' });
    answer = await call(row('user_bob').getByTestId('call-with-id'));
    expect(answer.status).toBe('200');
    expect(answer.text).toContain('user_bob');
    expect(await row('user_bob').getAttribute('data-active')).toBe('true');
    answer = await call(page.getByTestId('call-last-active'));
    expect(answer.status).toBe('200');
    expect(answer.text).toContain('user_bob');
    expect(await row('user_alice').getByTestId('make-active').isDisabled()).toBe(true);
    expect(await row('user_alice').getByTestId('sign-out').isDisabled()).toBe(true);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}demo.png`, fullPage: true });

    // Revoke B: now no session of this client works, with or without an id. B's verification is
    // cached for 60 s: the emulator's webhook drops it, and the page says so once it has landed.
    await row('user_bob').getByTestId('revoke').click();
    await expect.poll(() => row('user_bob').getAttribute('data-status')).toBe('revoked');
    expect(await page.locator('#notice').textContent()).toMatch(/webhook delivered after \d+ ms/);
    answer = await call(row('user_bob').getByTestId('call-with-id'));
    expect(answer).toEqual({ status: '401', text: 'Unauthorized (signed-out: session-inactive)' });
    answer = await call(page.getByTestId('call-last-active'));
    expect(answer.status).toBe('401');
    expect(answer.text).toMatch(/^Unauthorized \(signed-out: (no-active-session|session-inactive)\)$/);

    // The emulator agrees with what the page shows.
    const statuses = Object.fromEntries(demo.emulator.exportState().sessions.map((s) => [s.id, s.status]));
    expect(statuses).toEqual({ [aliceSession]: 'ended', [bobSession]: 'revoked' });
    await page.screenshot({ path: `${ARTIFACTS}demo-end.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});

// skip-reason: need Debian's chromium (apt-get install chromium; CI installs it)
describe.skipIf(!HAVE_CHROMIUM && !IN_CI)('the demo page in headless Chromium, networkless mode', () => {
  // 3 s tokens: the page refreshes at half-life; the app allows 1 s of clock skew.
  const LIFETIME_MS = 3_000;
  let demo;
  let browser;
  let page;
  const pageErrors = [];

  beforeAll(async () => {
    demo = await startDemo({ port: 0, mode: 'networkless', tokenLifetimeMs: LIFETIME_MS });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (msg) => {
      // 401s are fetched on purpose, and the refused refresh answers 409.
      if (msg.type() === 'error' && !/status of (401 \(Unauthorized\)|409 \(Conflict\))/.test(msg.text())) pageErrors.push(msg.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  const row = (userId) => page.locator(`[data-testid="session-row"][data-user-id="${userId}"]`);
  const lastAnswer = () => page.locator('[data-testid="result"]').first();
  const sessionJwt = async () => (await page.context().cookies(demo.url)).find((c) => c.name === '__session')?.value;
  async function call(button) {
    const before = await page.locator('[data-testid="result"]').count();
    await button.click();
    await expect.poll(() => page.locator('[data-testid="result"]').count()).toBe(before + 1);
    return { status: await lastAnswer().getAttribute('data-status'), text: await lastAnswer().locator('[data-testid="result-answer"]').innerText() };
  }

  it('keeps a session JWT fresh, follows a switch, and stops working once a revoked session\'s token expires', async () => {
    await page.goto(demo.url);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.getByTestId('mode').getAttribute('data-mode')).toBe('networkless');

    await page.getByTestId('sign-in-user_alice').click();
    await expect.poll(() => row('user_alice').count()).toBe(1);
    const aliceSession = await row('user_alice').getAttribute('data-session-id');
    const firstJwt = await sessionJwt();
    expect(firstJwt.split('.')).toHaveLength(3); // a JWT, not the client token
    expect(await page.getByTestId('cookie-state').getAttribute('data-sid')).toBe(aliceSession);
    let answer = await call(page.getByTestId('call-last-active'));
    expect(answer.status).toBe('200');
    expect(answer.text).toContain('user_alice');

    // Past the first token's lifetime the call still works: the page refreshed it.
    await new Promise((resolve) => setTimeout(resolve, LIFETIME_MS + 1_500));
    expect(await sessionJwt()).not.toBe(firstJwt);
    answer = await call(page.getByTestId('call-last-active'));
    expect(answer.status).toBe('200');

    // A second user on the same client: the JWT is now Bob's; naming Alice's session is a mismatch.
    await page.getByTestId('sign-in-user_bob').click();
    await expect.poll(() => row('user_bob').count()).toBe(1);
    const bobSession = await row('user_bob').getAttribute('data-session-id');
    await expect.poll(() => page.getByTestId('cookie-state').getAttribute('data-sid')).toBe(bobSession);
    answer = await call(row('user_alice').getByTestId('call-with-id'));
    expect(answer).toEqual({ status: '401', text: 'Unauthorized (signed-out: session-mismatch)' });
    answer = await call(row('user_bob').getByTestId('call-with-id'));
    expect(answer.status).toBe('200');

    // Switch back to Alice: the page mints a token for her session.
    await row('user_alice').getByTestId('make-active').click();
    await expect.poll(() => page.getByTestId('cookie-state').getAttribute('data-sid')).toBe(aliceSession);
    answer = await call(page.getByTestId('call-last-active'));
    expect(answer.text).toContain('user_alice');

    // Revoke Alice: the next refresh is refused, and once her last token expires, 401.
    await row('user_alice').getByTestId('revoke').click();
    await expect.poll(() => row('user_alice').getAttribute('data-status')).toBe('revoked');
    // The page says at once what the next request will do: Alice's JWT is still accepted (and
    // marked as what a request without an id gets), and no new one will be minted.
    expect(await page.getByTestId('cookie-state').getAttribute('data-ended')).toBe('revoked');
    expect(await page.getByTestId('cookie-state').innerText()).toContain('no new token will be minted');
    expect(await row('user_alice').getAttribute('data-active')).toBe('true');
    expect(await page.getByTestId('call-last-active').innerText()).toContain("the JWT's session");
    await expect.poll(() => page.getByTestId('cookie-state').getAttribute('data-refused'), { timeout: LIFETIME_MS + 2_000 }).toBe('true');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}demo-networkless.png`, fullPage: true });
    await new Promise((resolve) => setTimeout(resolve, LIFETIME_MS + 1_500));
    answer = await call(page.getByTestId('call-last-active'));
    expect(answer.status).toBe('401');
    expect(answer.text).toBe('Unauthorized (signed-out: token-expired)');

    // Bob's session still works: the emulator made it the client's last active one, and
    // "Make active" mints a token for it although the JWT in the cookie is still Alice's.
    expect(await row('user_bob').getAttribute('data-client-last-active')).toBe('true');
    expect(await row('user_bob').getAttribute('data-active')).toBe('false');
    await row('user_bob').getByTestId('make-active').click();
    await expect.poll(() => page.getByTestId('cookie-state').getAttribute('data-sid')).toBe(bobSession);
    expect(await page.getByTestId('cookie-state').getAttribute('data-refused')).toBe('false');
    answer = await call(page.getByTestId('call-last-active'));
    expect(answer.status).toBe('200');
    expect(answer.text).toContain(bobSession);
    expect(await row('user_bob').getByTestId('make-active').isDisabled()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}demo-networkless-end.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
