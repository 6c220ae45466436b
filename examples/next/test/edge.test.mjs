import { fileURLToPath } from 'node:url';
import { startEmulator } from '@sessiongate/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, freePort, startApp } from '../scripts/next-server.mjs';

// edge/: a middleware.ts on the Edge runtime with `transport: createFetchTransport()`,
// forwarding to a Node.js route handler through SESSIONGATE_PROXY_SECRET. Built and
// started for real.
const appDir = fileURLToPath(new URL('../edge', import.meta.url));
let emu;
let app;

beforeAll(async () => {
  emu = await startEmulator();
  await buildApp({ appDir });
  app = await startApp({
    appDir,
    readyPath: '/api/me',
    port: await freePort(),
    env: { CLERK_API_KEY: emu.apiKey, CLERK_API_URL: emu.url, SESSIONGATE_PROXY_SECRET: 'edge-example-secret-'.repeat(3) },
  });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await emu?.close();
});

describe('Edge middleware.ts with the fetch transport', () => {
  it('signed out: decided on the Edge, forwarded, no backend call', async () => {
    emu.clearRequests();
    const res = await fetch(`${app.url}/api/me`);
    expect(await res.json()).toEqual({ status: 'signed-out', reason: 'token-missing' });
    expect(emu.backendCalls()).toBe(0);
  });

  // The Edge runtime has no node:crypto: the core's verification key then comes from its own
  // synchronous SHA-256 (packages/core/src/lib/sha256.ts).
  it('signed in: verified on the Edge with one backend call, used by the Node.js route', async () => {
    const user = await emu.createUser({ email: 'edge@example.com' });
    const { clientToken } = await emu.signIn({ userId: user.id });
    emu.clearRequests();
    const res = await fetch(`${app.url}/api/me`, { headers: { cookie: `__session=${clientToken}` } });
    expect(await res.json()).toEqual({ status: 'signed-in', userId: user.id });
    expect(emu.backendCalls()).toBe(1);
  });
});
