import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { call, checked } from './helpers/api.js';
import { hasSpec } from './helpers/spec.js';

// skip-reason: need ../shared beside the checkout (the 2021 API spec excerpt)
describe.skipIf(!hasSpec)('Backend API /v1 (every response validated against the spec excerpt)', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    await emu?.close();
    expect(checked.count).toBeGreaterThan(30);
  });
  beforeEach(async () => {
    await emu.reset();
    await emu.createUser({ id: 'user_alice', email: 'alice@example.com', firstName: 'Alice', lastName: 'A' });
    await emu.createUser({ id: 'user_bob', email: 'bob@example.com', firstName: 'Bob' });
  });

  describe('API key', () => {
    it('401 authentication_invalid without an Authorization header', async () => {
      const r = await call(emu, 'GET', '/v1/users/user_alice', { apiKey: null });
      expect(r.status).toBe(401);
      expect(r.body.errors[0].code).toBe('authentication_invalid');
    });
    it('401 with a wrong key, of the same and of another length', async () => {
      for (const apiKey of [emu.apiKey.replace(/.$/, (c) => (c === 'x' ? 'y' : 'x')), 'test_short', `${emu.apiKey}x`]) {
        const r = await call(emu, 'GET', '/v1/users/user_alice', { apiKey });
        expect(r.status).toBe(401);
        expect(r.body.errors[0].code).toBe('authentication_invalid');
      }
    });
    it('401 for unknown /v1 routes too, 404 with the key', async () => {
      expect((await call(emu, 'GET', '/v1/nope', { apiKey: null })).status).toBe(401);
      const r = await call(emu, 'GET', '/v1/nope');
      expect(r.status).toBe(404);
      expect(r.body.errors[0].code).toBe('resource_not_found');
    });
    it('never echoes the key or a token in an error', async () => {
      const { clientToken } = await emu.signIn({ userId: 'user_alice' });
      const r = await call(emu, 'POST', '/v1/sessions/sess_nope/verify', { json: { token: clientToken }, apiKey: 'test_wrong_key_123' });
      expect(JSON.stringify(r.body)).not.toContain('test_wrong_key_123');
      const r2 = await call(emu, 'POST', '/v1/sessions/sess_nope/verify', { json: { token: clientToken } });
      expect(r2.status).toBe(404);
      expect(JSON.stringify(r2.body)).not.toContain(clientToken);
    });
  });

  describe('POST /v1/clients/verify', () => {
    it('returns the client with its sessions and last active session, for JSON and form bodies', async () => {
      const s = await emu.signIn({ userId: 'user_alice' });
      for (const opts of [{ json: { token: s.clientToken } }, { form: { token: s.clientToken } }]) {
        const r = await call(emu, 'POST', '/v1/clients/verify', opts);
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({
          object: 'client',
          id: s.clientId,
          session_ids: [s.sessionId],
          last_active_session_id: s.sessionId,
          sessions: [{ object: 'session', id: s.sessionId, user_id: 'user_alice', client_id: s.clientId, status: 'active' }],
        });
      }
    });
    it('404 for an unknown token; 422 without a token; 400 for malformed JSON', async () => {
      await emu.signIn({ userId: 'user_alice' });
      const unknown = await call(emu, 'POST', '/v1/clients/verify', { json: { token: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
      expect(unknown.status).toBe(404);
      const missing = await call(emu, 'POST', '/v1/clients/verify', { json: {} });
      expect(missing.status).toBe(422);
      expect(missing.body.errors[0].code).toBe('form_param_missing');
      const noBody = await call(emu, 'POST', '/v1/clients/verify', { rawBody: '', contentType: 'application/json' });
      expect(noBody.status).toBe(422);
      const bad = await call(emu, 'POST', '/v1/clients/verify', { rawBody: '{"token":', contentType: 'application/json' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].code).toBe('request_body_invalid');
      const arr = await call(emu, 'POST', '/v1/clients/verify', { form: { token: ['a', 'b'] } });
      expect(arr.status).toBe(422);
      const wrongType = await call(emu, 'POST', '/v1/clients/verify', { json: { token: 42 } });
      expect(wrongType.status).toBe(422);
    });
    it('a second sign-in on the same client adds a session and makes it last active', async () => {
      const a = await emu.signIn({ userId: 'user_alice' });
      const b = await emu.signIn({ email: 'bob@example.com', clientToken: a.clientToken });
      expect(b.clientId).toBe(a.clientId);
      expect(b.clientToken).toBe(a.clientToken);
      const r = await call(emu, 'POST', '/v1/clients/verify', { form: { token: a.clientToken } });
      expect(r.body.session_ids).toEqual([a.sessionId, b.sessionId]);
      expect(r.body.last_active_session_id).toBe(b.sessionId);
      await emu.setActiveSession(a.clientToken, a.sessionId);
      const r2 = await call(emu, 'POST', '/v1/clients/verify', { form: { token: a.clientToken } });
      expect(r2.body.last_active_session_id).toBe(a.sessionId);
    });
    it('after sign-out of the last active session, the other active one becomes last active; then none', async () => {
      const a = await emu.signIn({ userId: 'user_alice' });
      const b = await emu.signIn({ userId: 'user_bob', clientToken: a.clientToken });
      await emu.signOut(b.sessionId);
      let r = await call(emu, 'POST', '/v1/clients/verify', { json: { token: a.clientToken } });
      expect(r.body.last_active_session_id).toBe(a.sessionId);
      expect(r.body.sessions.map((s: { status: string }) => s.status)).toEqual(['active', 'ended']);
      await emu.signOut(a.sessionId);
      r = await call(emu, 'POST', '/v1/clients/verify', { json: { token: a.clientToken } });
      expect(r.status).toBe(200);
      expect(r.body.last_active_session_id).toBeNull();
    });
  });

  describe('POST /v1/sessions/:id/verify', () => {
    it('returns the active session and touches last_active_at', async () => {
      const s = await emu.signIn({ userId: 'user_alice' });
      const before = (await call(emu, 'GET', `/v1/sessions/${s.sessionId}`)).body;
      emu.advanceClock(60_000);
      const r = await call(emu, 'POST', `/v1/sessions/${s.sessionId}/verify`, { form: { token: s.clientToken } });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ object: 'session', id: s.sessionId, status: 'active', user_id: 'user_alice' });
      expect(r.body.last_active_at).toBeGreaterThanOrEqual(before.last_active_at + 60_000);
      expect(r.body.abandon_at).toBeGreaterThan(before.abandon_at);
      expect(r.body.expire_at).toBe(before.expire_at);
    });
    it('404 for an unknown session, an unknown token, and a token of another client', async () => {
      const a = await emu.signIn({ userId: 'user_alice' });
      const b = await emu.signIn({ userId: 'user_bob' });
      const cases = [
        [`/v1/sessions/sess_unknown/verify`, a.clientToken],
        [`/v1/sessions/${a.sessionId}/verify`, 'bm90LWEtdG9rZW4tYXQtYWxsLW5vdC1hLXRva2Vu'],
        [`/v1/sessions/${a.sessionId}/verify`, b.clientToken],
        [`/v1/sessions/${b.sessionId}/verify`, a.clientToken],
      ] as const;
      for (const [path, token] of cases) {
        const r = await call(emu, 'POST', path, { json: { token } });
        expect(r.status, path).toBe(404);
        expect(r.body.errors[0].code).toBe('resource_not_found');
      }
    });
    it('400 with session_<status> for inactive sessions', async () => {
      const ended = await emu.signIn({ userId: 'user_alice' });
      await emu.signOut(ended.sessionId);
      const revoked = await emu.signIn({ userId: 'user_alice' });
      await emu.revokeSession(revoked.sessionId);
      for (const [s, code] of [
        [ended, 'session_ended'],
        [revoked, 'session_revoked'],
      ] as const) {
        const r = await call(emu, 'POST', `/v1/sessions/${s.sessionId}/verify`, { json: { token: s.clientToken } });
        expect(r.status).toBe(400);
        expect(r.body.errors[0].code).toBe(code);
      }
    });
    it('expired and abandoned sessions on the moved clock', async () => {
      const a = await emu.signIn({ userId: 'user_alice' });
      emu.advanceClock(25 * 3600_000); // inactivity timeout is one day by default
      let r = await call(emu, 'POST', `/v1/sessions/${a.sessionId}/verify`, { json: { token: a.clientToken } });
      expect(r.body.errors[0].code).toBe('session_abandoned');
      const b = await emu.signIn({ userId: 'user_bob' });
      for (let i = 0; i < 8; i++) {
        emu.advanceClock(20 * 3600_000);
        r = await call(emu, 'POST', `/v1/sessions/${b.sessionId}/verify`, { json: { token: b.clientToken } });
        expect(r.status).toBe(200);
      }
      emu.advanceClock(20 * 3600_000); // 180 h > 7 days (168 h) lifetime
      r = await call(emu, 'POST', `/v1/sessions/${b.sessionId}/verify`, { json: { token: b.clientToken } });
      expect(r.status).toBe(400);
      expect(r.body.errors[0].code).toBe('session_expired');
      const g = await call(emu, 'GET', `/v1/sessions/${b.sessionId}`);
      expect(g.body.status).toBe('expired');
    });
  });

  describe('sessions', () => {
    it('GET /v1/sessions filters by client_id, user_id and status; 422 on a bad status', async () => {
      const a = await emu.signIn({ userId: 'user_alice' });
      const b = await emu.signIn({ userId: 'user_bob', clientToken: a.clientToken });
      const c = await emu.signIn({ userId: 'user_alice' });
      await emu.signOut(c.sessionId);
      const all = await call(emu, 'GET', '/v1/sessions');
      expect(all.body).toHaveLength(3);
      const byClient = await call(emu, 'GET', `/v1/sessions?client_id=${a.clientId}`);
      expect(byClient.body.map((s: { id: string }) => s.id).sort()).toEqual([a.sessionId, b.sessionId].sort());
      const byUser = await call(emu, 'GET', '/v1/sessions?user_id=user_alice');
      expect(byUser.body.map((s: { id: string }) => s.id).sort()).toEqual([a.sessionId, c.sessionId].sort());
      const ended = await call(emu, 'GET', '/v1/sessions?user_id=user_alice&status=ended');
      expect(ended.body.map((s: { id: string }) => s.id)).toEqual([c.sessionId]);
      const bad = await call(emu, 'GET', '/v1/sessions?status=sleeping');
      expect(bad.status).toBe(422);
      const page = await call(emu, 'GET', '/v1/sessions?limit=1&offset=1');
      expect(page.body).toHaveLength(1);
      expect((await call(emu, 'GET', '/v1/sessions?limit=0')).status).toBe(422);
    });
    it('GET /v1/sessions/:id, 404 when unknown', async () => {
      const a = await emu.signIn({ userId: 'user_alice' });
      expect((await call(emu, 'GET', `/v1/sessions/${a.sessionId}`)).body.id).toBe(a.sessionId);
      expect((await call(emu, 'GET', '/v1/sessions/sess_nope')).status).toBe(404);
    });
    it('POST /v1/sessions/:id/revoke revokes (form, JSON or no body); a second revoke is 400', async () => {
      const a = await emu.signIn({ userId: 'user_alice' });
      const r = await call(emu, 'POST', `/v1/sessions/${a.sessionId}/revoke`, { contentType: 'application/x-www-form-urlencoded' });
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('revoked');
      const again = await call(emu, 'POST', `/v1/sessions/${a.sessionId}/revoke`, { rawBody: '', contentType: 'application/json' });
      expect(again.status).toBe(400);
      expect(again.body.errors[0].code).toBe('session_revoked');
      expect((await call(emu, 'POST', '/v1/sessions/sess_nope/revoke')).status).toBe(404);
    });
  });

  describe('clients', () => {
    it('GET /v1/clients lists newest first; GET /v1/clients/:id; 404', async () => {
      const a = await emu.signIn({ userId: 'user_alice' });
      emu.advanceClock(1000);
      const b = await emu.signIn({ userId: 'user_bob' });
      const list = await call(emu, 'GET', '/v1/clients');
      expect(list.body.map((c: { id: string }) => c.id)).toEqual([b.clientId, a.clientId]);
      const one = await call(emu, 'GET', `/v1/clients/${a.clientId}`);
      expect(one.body.sessions[0].id).toBe(a.sessionId);
      expect((await call(emu, 'GET', '/v1/clients/client_nope')).status).toBe(404);
      expect(JSON.stringify(list.body)).not.toContain(a.clientToken);
    });
  });

  describe('users', () => {
    it('GET /v1/users with limit, offset and email_address', async () => {
      for (let i = 0; i < 12; i++) await emu.createUser({ email: `u${i}@example.com` });
      expect((await call(emu, 'GET', '/v1/users')).body).toHaveLength(10);
      expect((await call(emu, 'GET', '/v1/users?limit=20')).body).toHaveLength(14);
      expect((await call(emu, 'GET', '/v1/users?limit=5&offset=10')).body).toHaveLength(4);
      const one = await call(emu, 'GET', '/v1/users?email_address=ALICE@example.com');
      expect(one.body.map((u: { id: string }) => u.id)).toEqual(['user_alice']);
      const two = await call(emu, 'GET', '/v1/users?email_address=alice@example.com&email_address=bob@example.com');
      expect(two.body).toHaveLength(2);
      expect((await call(emu, 'GET', '/v1/users?limit=abc')).status).toBe(422);
      expect((await call(emu, 'GET', '/v1/users?offset=-1')).status).toBe(422);
    });
    it('GET /v1/users/:id returns the spec user; 404 when unknown', async () => {
      const r = await call(emu, 'GET', '/v1/users/user_alice');
      expect(r.body).toMatchObject({ object: 'user', id: 'user_alice', first_name: 'Alice', last_name: 'A' });
      expect(r.body.email_addresses[0].email_address).toBe('alice@example.com');
      expect(r.body.primary_email_address_id).toBe(r.body.email_addresses[0].id);
      expect((await call(emu, 'GET', '/v1/users/user_nope')).status).toBe(404);
    });
    it('POST /v1/users creates a user (JSON and form); a taken email is 422', async () => {
      const r = await call(emu, 'POST', '/v1/users', { form: { email_address: 'carol@example.com', first_name: 'Carol' } });
      expect(r.status).toBe(200);
      expect(r.body.id).toMatch(/^user_[A-Za-z0-9]+$/);
      expect((await call(emu, 'GET', `/v1/users/${r.body.id}`)).body.first_name).toBe('Carol');
      const j = await call(emu, 'POST', '/v1/users', { json: { email_address: ['dave@example.com'], last_name: 'D' } });
      expect(j.status).toBe(200);
      const dup = await call(emu, 'POST', '/v1/users', { json: { email_address: ['dave@example.com'] } });
      expect(dup.status).toBe(422);
      expect(dup.body.errors[0].code).toBe('form_identifier_exists');
      const bad = await call(emu, 'POST', '/v1/users', { json: { first_name: 7 } });
      expect(bad.status).toBe(422);
    });
  });

  it('ids and tokens have the contract formats', async () => {
    const s = await emu.signIn({ userId: 'user_alice' });
    expect(s.sessionId).toMatch(/^sess_[A-Za-z0-9_]{1,128}$/);
    expect(s.clientId).toMatch(/^client_[A-Za-z0-9]+$/);
    expect(s.clientToken).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    const u = await emu.createUser({ email: 'x@example.com' });
    expect(u.id).toMatch(/^user_[A-Za-z0-9]+$/);
    const tokens = new Set(await Promise.all(Array.from({ length: 50 }, async () => (await emu.signIn({ userId: 'user_bob' })).clientToken)));
    expect(tokens.size).toBe(50);
  });
});
