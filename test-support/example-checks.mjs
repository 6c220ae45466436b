// Checks that every example with an embedded emulator must pass the same way (examples/*/test).
import { inspect } from 'node:util';
import { expect, vi } from 'vitest';

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
