import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmulatorError, startEmulator } from '../src/index.js';
import { call } from './helpers/api.js';

const dir = mkdtempSync(join(tmpdir(), 'sg-emu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('options', () => {
  it.each(['sk_live_abcdefghijkl', 'live_abcdefghijkl', 'SK_LIVE_abcdefghijkl', 'rk_live_abcdefghijkl'])('refuses the production-looking key %s', async (apiKey) => {
    const err = await startEmulator({ apiKey }).catch((e: unknown) => e);
    expect(EmulatorError.is(err)).toBe(true);
    expect(err).toMatchObject({ code: 'ERR_PRODUCTION_KEY' });
    expect((err as Error).message).not.toContain(apiKey);
  });

  it('rejects invalid options with the option and package named', async () => {
    await expect(startEmulator({ port: -1 })).rejects.toThrow(/@sessiongate\/emulator: invalid option port/);
    await expect(startEmulator({ nope: 1 } as never)).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    await expect(startEmulator({ apiKey: 'has space key' })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    await expect(startEmulator({ corsOrigins: ['*'] })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
  });

  it('defaults: 127.0.0.1, a generated test_ key, a given test key is used', async () => {
    const a = await startEmulator();
    const b = await startEmulator({ apiKey: 'sk_test_my_fixed_key', users: [{ id: 'user_s', email: 's@example.com' }] });
    try {
      expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(a.apiKey).toMatch(/^test_[A-Za-z0-9]{40}$/);
      expect(b.apiKey).toBe('sk_test_my_fixed_key');
      expect((await call(b, 'GET', '/v1/users/user_s')).status).toBe(200);
      expect((await call(b, 'GET', '/v1/users/user_s', { apiKey: a.apiKey })).status).toBe(401);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('close() twice is fine', async () => {
    const e = await startEmulator();
    await e.close();
    await expect(e.close()).resolves.toBeUndefined();
  });
});

describe('persistence (dataFile)', () => {
  it('keeps users, clients, sessions and the clock across a restart', async () => {
    const dataFile = join(dir, 'state.json');
    const first = await startEmulator({ dataFile, users: [{ id: 'user_p', email: 'p@example.com' }] });
    const s = await first.signIn({ userId: 'user_p' });
    const ended = await first.signIn({ userId: 'user_p', clientToken: s.clientToken });
    await first.signOut(ended.sessionId);
    first.advanceClock(3600_000);
    await first.close();
    expect(existsSync(dataFile)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(dataFile).mode & 0o077).toBe(0);

    // seeding the same user again is skipped, not duplicated
    const second = await startEmulator({ dataFile, users: [{ id: 'user_p', email: 'p@example.com' }] });
    try {
      const v = await call(second, 'POST', `/v1/sessions/${s.sessionId}/verify`, { form: { token: s.clientToken } });
      expect(v.status).toBe(200);
      const e = await call(second, 'POST', `/v1/sessions/${ended.sessionId}/verify`, { form: { token: s.clientToken } });
      expect(e.body.errors[0].code).toBe('session_ended');
      expect((await call(second, 'GET', '/v1/users')).body).toHaveLength(1);
      expect(second.exportState().clockOffsetMs).toBe(3600_000);
    } finally {
      await second.close();
    }
  });

  it('refuses a data file that is not an emulator state', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"users": 1}');
    await expect(startEmulator({ dataFile: bad })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    writeFileSync(bad, 'not json');
    await expect(startEmulator({ dataFile: bad })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    expect(readFileSync(bad, 'utf8')).toBe('not json');
  });

  it('exportState/importState round-trip between two emulators', async () => {
    const a = await startEmulator({ users: [{ id: 'user_r' }] });
    const b = await startEmulator();
    try {
      const s = await a.signIn({ userId: 'user_r' });
      b.importState(a.exportState());
      expect((await call(b, 'POST', `/v1/sessions/${s.sessionId}/verify`, { json: { token: s.clientToken } })).status).toBe(200);
      const exported = b.exportState();
      exported.users[0]!.firstName = 'changed';
      expect(b.exportState().users[0]!.firstName).toBeNull(); // a copy, not the live state
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
