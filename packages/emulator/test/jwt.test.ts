import { createLocalJWKSet, decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorError, startEmulator, type Emulator } from '../src/index.js';

describe('session tokens (JWT) and JWKS', () => {
  let emu: Emulator;
  const ctl = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emu.url}/__emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const jwksOverHttp = async (key?: string) =>
    fetch(`${emu.url}/v1/jwks`, { headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    emu = await startEmulator({ users: [{ id: 'user_alice', email: 'alice@example.test' }] });
  });
  afterAll(async () => {
    await emu?.close();
  });
  beforeEach(async () => {
    await emu.reset();
    await emu.createUser({ id: 'user_alice', email: 'alice@example.test' });
  });

  it('signIn returns an RS256 session token with kid, sub, sid, iss, iat, nbf and a 60 s exp, verifiable with GET /v1/jwks', async () => {
    const s = await emu.signIn({ userId: 'user_alice' });
    const res = await jwksOverHttp(emu.apiKey);
    expect(res.status).toBe(200);
    const jwks = (await res.json()) as { keys: { kid: string; alg: string; kty: string; d?: unknown }[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]!.d).toBeUndefined();
    const header = decodeProtectedHeader(s.sessionToken);
    expect(header).toMatchObject({ alg: 'RS256', kid: jwks.keys[0]!.kid });
    const { payload } = await jwtVerify(s.sessionToken, createLocalJWKSet(jwks as never), { algorithms: ['RS256'] });
    expect(payload).toMatchObject({ sub: 'user_alice', sid: s.sessionId, iss: emu.url });
    expect(payload.azp).toBeUndefined();
    expect(payload.exp! - payload.iat!).toBe(60);
    expect(payload.nbf).toBe(payload.iat);
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(5);
  });

  it('GET /v1/jwks requires the bearer key', async () => {
    expect((await jwksOverHttp()).status).toBe(401);
    expect((await jwksOverHttp('test_wrongwrongwrong')).status).toBe(401);
  });

  it('mints fresh tokens (azp, lifetime) for an active session and refuses an inactive one', async () => {
    const s = await emu.signIn({ userId: 'user_alice' });
    const token = await emu.mintSessionToken({ sessionId: s.sessionId, azp: 'http://localhost:3000', lifetimeMs: 120_000 });
    const { payload } = await jwtVerify(token, await importSPKI(emu.jwtPublicKey(), 'RS256'));
    expect(payload.azp).toBe('http://localhost:3000');
    expect(payload.exp! - payload.iat!).toBe(120);

    const overHttp = await ctl('POST', '/session-token', { sessionId: s.sessionId });
    expect(overHttp.status).toBe(200);
    expect(typeof overHttp.body.sessionToken).toBe('string');

    await emu.revokeSession(s.sessionId);
    const refused = await emu.mintSessionToken({ sessionId: s.sessionId }).catch((e: unknown) => e);
    expect(EmulatorError.is(refused) && refused.code).toBe('ERR_SESSION_INACTIVE');
    expect((await ctl('POST', '/session-token', { sessionId: s.sessionId })).status).toBe(409);
    expect((await ctl('POST', '/session-token', { sessionId: 'sess_nope' })).status).toBe(404);
  });

  it('refuses a token once the session expired on the emulator clock', async () => {
    const s = await emu.signIn({ userId: 'user_alice' });
    emu.advanceClock(8 * 24 * 3600_000);
    await expect(emu.mintSessionToken({ sessionId: s.sessionId })).rejects.toMatchObject({ code: 'ERR_SESSION_INACTIVE' });
  });

  it('rotates keys: the JWKS serves old and new keys during the overlap, then only the new one', async () => {
    const s = await emu.signIn({ userId: 'user_alice' });
    const oldKid = decodeProtectedHeader(s.sessionToken).kid;
    const { kid } = await emu.rotateKeys({ overlapMs: 60_000 });
    expect(kid).not.toBe(oldKid);
    expect(emu.jwks().keys.map((k) => k.kid)).toEqual([kid, oldKid]);
    const fresh = await emu.mintSessionToken({ sessionId: s.sessionId });
    expect(decodeProtectedHeader(fresh).kid).toBe(kid);
    const set = createLocalJWKSet(emu.jwks() as never);
    await expect(jwtVerify(s.sessionToken, set)).resolves.toBeTruthy();
    await expect(jwtVerify(fresh, set)).resolves.toBeTruthy();
    emu.advanceClock(60_001);
    expect(emu.jwks().keys.map((k) => k.kid)).toEqual([kid]);

    const overHttp = await ctl('POST', '/rotate-keys', { overlapMs: 0 });
    expect(overHttp.status).toBe(200);
    expect((await ctl('GET', '/jwks')).body.keys).toEqual([expect.objectContaining({ kid: overHttp.body.kid })]);
  });

  it('control-plane sign-in returns a session token; the request log never holds one', async () => {
    const r = await ctl('POST', '/sign-in', { userId: 'user_alice' });
    expect(r.status).toBe(200);
    const token = r.body.sessionToken as string;
    expect(decodeProtectedHeader(token).alg).toBe('RS256');
    await fetch(`${emu.url}/v1/clients?t=${token}`, { headers: { authorization: `Bearer ${emu.apiKey}` } });
    expect(JSON.stringify(emu.requests)).not.toContain(token);
  });

  it('validates mint and rotate arguments', async () => {
    await expect(emu.mintSessionToken({ sessionId: 'sess_x', lifetimeMs: -1 })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    await expect(emu.rotateKeys({ overlapMs: -5 })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });
});
