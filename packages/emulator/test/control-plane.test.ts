import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { call } from './helpers/api.js';

const ORIGIN = 'http://localhost:5173';

describe('control plane /__emulator', () => {
  let emu: Emulator;
  const ctl = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${emu.url}/__emulator${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    emu = await startEmulator({ corsOrigins: [ORIGIN] });
  });
  afterAll(async () => {
    await emu?.close();
  });
  beforeEach(async () => {
    await emu.reset();
  });

  it('creates users with fixed ids, signs in by id and by email, and adds sessions to a client', async () => {
    const u = await ctl('POST', '/users', { id: 'user_carol', email: 'Carol@Example.com', firstName: 'Carol' });
    expect(u.status).toBe(200);
    expect(u.body).toMatchObject({ id: 'user_carol', firstName: 'Carol', emailAddresses: [{ emailAddress: 'carol@example.com' }] });
    expect((await ctl('POST', '/users', { id: 'user_carol' })).status).toBe(409);
    expect((await ctl('POST', '/users', { id: 'carol' })).status).toBe(400);
    expect((await ctl('POST', '/users', { id: 'user_x', admin: true })).status).toBe(422);
    await ctl('POST', '/users', { id: 'user_dan' });
    const a = await ctl('POST', '/sign-in', { email: 'carol@example.com' });
    expect(a.status).toBe(200);
    expect(a.body.userId).toBe('user_carol');
    const b = await ctl('POST', '/sign-in', { userId: 'user_dan', clientToken: a.body.clientToken });
    expect(b.body.clientId).toBe(a.body.clientId);
    expect((await ctl('POST', '/sign-in', { userId: 'user_nobody' })).status).toBe(404);
    expect((await ctl('POST', '/sign-in', { userId: 'user_dan', clientToken: 'bm9wZQbm9wZQbm9wZQbm9wZQ' })).status).toBe(404);
    expect((await ctl('POST', '/sign-in', {})).status).toBe(400);

    const v = await call(emu, 'POST', '/v1/clients/verify', { json: { token: a.body.clientToken } });
    expect(v.body.last_active_session_id).toBe(b.body.sessionId);
    expect((await ctl('POST', '/active-session', { clientToken: a.body.clientToken, sessionId: a.body.sessionId })).status).toBe(200);
    const v2 = await call(emu, 'POST', '/v1/clients/verify', { json: { token: a.body.clientToken } });
    expect(v2.body.last_active_session_id).toBe(a.body.sessionId);

    expect((await ctl('POST', '/sign-out', { sessionId: a.body.sessionId })).body.status).toBe('ended');
    expect((await ctl('POST', '/revoke', { sessionId: b.body.sessionId })).body.status).toBe('revoked');
    expect((await ctl('POST', '/revoke', { sessionId: 'sess_nope' })).status).toBe(404);
    expect((await ctl('POST', '/active-session', { clientToken: a.body.clientToken, sessionId: a.body.sessionId })).status).toBe(400);
  });

  it('moves the clock', async () => {
    await emu.createUser({ id: 'user_a' });
    const s = await emu.signIn({ userId: 'user_a' });
    const before = await ctl('GET', '/clock');
    const after = await ctl('POST', '/clock', { advanceMs: 8 * 24 * 3600_000 });
    expect(after.body.now - before.body.now).toBeGreaterThanOrEqual(8 * 24 * 3600_000);
    const r = await call(emu, 'GET', `/v1/sessions/${s.sessionId}`);
    expect(r.body.status).toBe('abandoned'); // inactivity (1 day) came before the lifetime (7 days)
    expect((await ctl('POST', '/clock', { advanceMs: -1 })).status).toBe(422);
  });

  it('exports, resets and imports the whole state', async () => {
    await emu.createUser({ id: 'user_a', email: 'a@example.com' });
    const s = await emu.signIn({ userId: 'user_a' });
    const state = (await ctl('GET', '/state')).body;
    expect(state.users).toHaveLength(1);
    await ctl('POST', '/reset');
    expect((await call(emu, 'POST', '/v1/clients/verify', { json: { token: s.clientToken } })).status).toBe(404);
    expect((await ctl('PUT', '/state', state)).status).toBe(200);
    expect((await call(emu, 'POST', `/v1/sessions/${s.sessionId}/verify`, { json: { token: s.clientToken } })).status).toBe(200);
    expect((await ctl('PUT', '/state', { version: 2 })).status).toBe(422);
  });

  it('keeps a request log without secrets; backendCalls() counts /v1 only', async () => {
    await emu.createUser({ id: 'user_a' });
    const s = await emu.signIn({ userId: 'user_a' });
    emu.clearRequests();
    await call(emu, 'POST', `/v1/sessions/${s.sessionId}/verify`, { form: { token: s.clientToken } });
    await call(emu, 'GET', `/v1/sessions?user_id=user_a&token=${s.clientToken}&x=${emu.apiKey}`);
    await call(emu, 'GET', `/v1/clients/${s.clientToken}`);
    await ctl('POST', '/sign-in', { userId: 'user_a', clientToken: s.clientToken });
    const log = (await ctl('GET', '/requests')).body;
    expect(log).toHaveLength(5); // the GET /requests itself is logged on arrival
    expect(log[4]).toMatchObject({ method: 'GET', path: '/__emulator/requests' });
    expect(emu.backendCalls()).toBe(3);
    expect(emu.requests[0]).toMatchObject({ method: 'POST', route: '/v1/sessions/:id/verify', path: `/v1/sessions/${s.sessionId}/verify`, status: 200 });
    expect(emu.requests[1]!.query).toEqual({ user_id: 'user_a', token: '[redacted]', x: '[redacted]' });
    expect(emu.requests[2]!.path).toBe('/v1/clients/[redacted]');
    const text = JSON.stringify(log) + JSON.stringify(emu.requests);
    expect(text).not.toContain(s.clientToken);
    expect(text).not.toContain(emu.apiKey);
    await ctl('DELETE', '/requests');
    expect(emu.requests).toHaveLength(0);
  });

  it('CORS only for the configured origins; other origins are refused', async () => {
    const pre = await fetch(`${emu.url}/__emulator/sign-in`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    const ok = await ctl('GET', '/health', undefined, { origin: ORIGIN });
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const evil = await ctl('POST', '/users', { id: 'user_evil' }, { origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect((await ctl('GET', '/users')).body).toEqual([]);
    // the Backend API never sends CORS headers
    const v1 = await fetch(`${emu.url}/v1/users`, { headers: { origin: ORIGIN, authorization: `Bearer ${emu.apiKey}` } });
    expect(v1.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('the programmatic API throws coded errors without secrets', async () => {
    await emu.createUser({ id: 'user_a' });
    const s = await emu.signIn({ userId: 'user_a' });
    await expect(emu.signIn({ userId: 'user_zed' })).rejects.toMatchObject({ code: 'ERR_UNKNOWN_USER' });
    await expect(emu.signIn({})).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    const bogus = `${s.clientToken}x`;
    const err = await emu.signIn({ userId: 'user_a', clientToken: bogus }).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'ERR_UNKNOWN_CLIENT' });
    expect((err as Error).message).toContain('@sessiongate/emulator');
    expect((err as Error).message).not.toContain(bogus);
    await expect(emu.signOut('sess_nope')).rejects.toMatchObject({ code: 'ERR_UNKNOWN_SESSION' });
    await expect(emu.createUser({ id: 'bad id' })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    expect(() => emu.advanceClock(-5)).toThrow(/advanceClock/);
    expect(() => emu.importState({ version: 9 } as never)).toThrow(/importState/);
  });
});
