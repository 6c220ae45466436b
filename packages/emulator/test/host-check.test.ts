import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { rawRequest } from './helpers/raw-http.js';

// Regression tests: without a Host check, a page that rebinds its own
// hostname to 127.0.0.1 is same-origin with the emulator and can read /__emulator/state.

describe('Host check against DNS rebinding (default options)', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
    await emu.createUser({ email: 'a@example.com' });
    await emu.signIn({ email: 'a@example.com' });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('a rebinding page reads nothing from /__emulator/state (403 in the error shape)', async () => {
    const res = await rawRequest(emu.url, 'GET', '/__emulator/state', { host: 'rebind.attacker.example' });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).errors[0].code).toBe('host_not_allowed');
    expect(res.body).not.toContain('client_');
  });
});

describe('Host check against DNS rebinding', () => {
  let emu: Emulator;
  let port: string;

  beforeAll(async () => {
    emu = await startEmulator({ allowedHosts: ['emulator.internal', 'box.lan:8080'] });
    port = new URL(emu.url).port;
    await emu.createUser({ email: 'a@example.com' });
    await emu.signIn({ email: 'a@example.com' });
  });
  afterAll(async () => {
    await emu?.close();
  });

  const paths = ['/__emulator/state', '/__%65mulator/state', '/v1/users', '/%761/users', '/v1/nope', '/nope', `/v1/users/${'x'.repeat(150)}`];

  it('refuses a foreign Host with 403 in the error shape, on every path, and logs nothing of it', async () => {
    emu.clearRequests();
    for (const host of ['rebind.attacker.example', `rebind.attacker.example:${port}`, `127.0.0.1.attacker.example:${port}`, `localhost.:${port}`, `127.0.0.2:${port}`, '', `emulator.internal.evil:${port}`]) {
      for (const path of paths) {
        const res = await rawRequest(emu.url, 'GET', path, { host, headers: { authorization: `Bearer ${emu.apiKey}` } });
        expect(res.status, `${host} ${path}`).toBe(403);
        const body = JSON.parse(res.body);
        expect(body).toEqual({ errors: [{ code: 'host_not_allowed', message: expect.any(String), long_message: expect.any(String) }] });
        expect(res.body).not.toContain('attacker');
        expect(res.body).not.toContain('client_token');
      }
    }
    expect(emu.backendCalls()).toBe(0);
  });

  it('refuses a request without a Host header', async () => {
    const res = await rawRequest(emu.url, 'GET', '/__emulator/state', { host: null });
    expect(res.status).toBe(403);
  });

  it('accepts the loopback names with the port it listens on, in any case', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      const res = await rawRequest(emu.url, 'GET', '/__emulator/health', { host });
      expect(res.status, host).toBe(200);
    }
    for (const host of [`localhost:${Number(port) + 1}`, '127.0.0.1', 'localhost']) {
      expect((await rawRequest(emu.url, 'GET', '/__emulator/health', { host })).status, host).toBe(403);
    }
  });

  it('accepts the hosts listed in allowedHosts (a bare name on any port, host:port exactly)', async () => {
    for (const host of ['emulator.internal', `emulator.internal:${port}`, 'Emulator.Internal:1234', 'box.lan:8080']) {
      expect((await rawRequest(emu.url, 'GET', '/__emulator/health', { host })).status, host).toBe(200);
    }
    expect((await rawRequest(emu.url, 'GET', '/__emulator/health', { host: 'box.lan:8081' })).status).toBe(403);
    expect((await rawRequest(emu.url, 'GET', '/__emulator/health', { host: 'box.lan' })).status).toBe(403);
  });

  it('answers its own URL when bound to another address than 127.0.0.1', async () => {
    const wild = await startEmulator({ host: '0.0.0.0' });
    try {
      const p = new URL(wild.url).port;
      expect((await rawRequest(`http://127.0.0.1:${p}`, 'GET', '/__emulator/health', { host: new URL(wild.url).host })).status).toBe(200);
      expect((await rawRequest(`http://127.0.0.1:${p}`, 'GET', '/__emulator/health', { host: `localhost:${p}` })).status).toBe(200);
      expect((await rawRequest(`http://127.0.0.1:${p}`, 'GET', '/__emulator/health', { host: `rebind.attacker.example:${p}` })).status).toBe(403);
    } finally {
      await wild.close();
    }
  });

  it('validates allowedHosts at start', async () => {
    for (const bad of [['*'], ['http://x.example'], ['x.example/path'], [''], ['a b']]) {
      await expect(startEmulator({ allowedHosts: bad })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    }
  });
});
