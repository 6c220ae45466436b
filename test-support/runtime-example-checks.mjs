// What every example that serves the app on another runtime must answer, the same way
// (examples/bun, deno, workers: `runtimeExampleSuite` in their test/app.test.mjs). The example
// runs on its runtime (its start.mjs: the pinned binary, or Miniflare for Workers) on 127.0.0.1,
// against a real emulator on Node over loopback. A runtime that cannot start fails beforeAll, so
// every test fails: nothing is skipped.
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ANSWERED_MS } from './deadlines.ts';

/** A port nothing listens on (refused at once: no deadline involved). */
async function closedPortUrl() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const get = (url, cookie) => fetch(url, { headers: cookie ? { cookie } : {}, signal: AbortSignal.timeout(ANSWERED_MS) });

/**
 * Registers the runtime example suite. The example passes what it imports itself (this folder
 * belongs to no package, so it cannot import @sessiongate/* by name): its `startExample` and
 * `SEED_USERS`, and `startEmulator`.
 */
export function runtimeExampleSuite({ startExample, SEED_USERS, startEmulator }) {
  let emulator;
  let app;

  beforeAll(async () => {
    emulator = await startEmulator({ users: SEED_USERS });
    app = await startExample({ port: 0, env: { CLERK_API_KEY: emulator.apiKey, CLERK_API_URL: emulator.url } });
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  it('listens on 127.0.0.1', () => {
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('signed in: /api/me is 200 with the right userId', async () => {
    const { clientToken, userId } = await emulator.signIn({ email: SEED_USERS[1].email });
    const res = await get(`${app.url}/api/me`, `__session=${clientToken}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId });
  });

  it('no cookie: 401 with no body, and no backend call', async () => {
    const before = emulator.backendCalls();
    const res = await get(`${app.url}/api/me`);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    expect(emulator.backendCalls()).toBe(before);
  });

  it('a malformed cookie: 401, without a backend call', async () => {
    const before = emulator.backendCalls();
    const res = await get(`${app.url}/api/me`, '__session=not a token;');
    expect(res.status).toBe(401);
    expect(emulator.backendCalls()).toBe(before);
  });

  it('the backend unreachable: 503 with no body, never signed in', async () => {
    const { clientToken } = await emulator.signIn({ email: SEED_USERS[0].email });
    const down = await startExample({ port: 0, env: { CLERK_API_KEY: emulator.apiKey, CLERK_API_URL: await closedPortUrl() } });
    try {
      const res = await get(`${down.url}/api/me`, `__session=${clientToken}`);
      expect(res.status).toBe(503);
      expect(await res.text()).toBe('');
    } finally {
      await down.close();
    }
  });
}
