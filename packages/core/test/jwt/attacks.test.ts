import { generateKeyPair, SignJWT, UnsecuredJWT, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuthState } from '../../src/index.js';
import { base64url, cookieRequest, networklessClient, startWorld, type JwtWorld, type Mode } from './helpers.js';

let w: JwtWorld;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  vi.useRealTimers();
  await w?.emu.close();
});

const nowSec = () => Math.floor(Date.now() / 1000);

describe.each([
  ['jwks', true],
  ['jwks', false],
  ['pem', true],
  ['pem', false],
] as [Mode, boolean][])('networkless (%s, token cache %s)', (mode, cached) => {
  const make = (extra = {}) => networklessClient(w.emu, mode, { ...(cached ? {} : { tokenCache: false }), ...extra });
  let clerk: ReturnType<typeof make>;
  let strict: ReturnType<typeof make>;

  beforeAll(async () => {
    clerk = make();
    strict = make({ issuer: w.emu.url, authorizedParties: ['http://localhost:3000'] });
    // Warm up: the JWKS is fetched (jwks mode) so that every attack below finds the key known.
    expect((await clerk.authenticateRequest(cookieRequest(w.sessionToken))).status).toBe('signed-in');
    expect((await strict.authenticateRequest(cookieRequest(w.sessionToken))).status).toBe('signed-in');
  });

  const expectSignedOut = async (token: string, reason: string, client = clerk, url?: string) => {
    w.emu.clearRequests();
    const state: AuthState = await client.authenticateRequest(cookieRequest(token, url));
    expect(state).toEqual({ status: 'signed-out', reason });
    expect(w.emu.backendCalls()).toBe(0);
  };

  it('a valid token is signed in, with the session built from its claims and the claims exposed', async () => {
    const state = await clerk.authenticateRequest({ url: '/me', headers: { authorization: `Bearer ${w.sessionToken}` } });
    expect(state.status).toBe('signed-in');
    if (state.status !== 'signed-in') return;
    expect(state.userId).toBe(w.aliceId);
    expect(state.sessionId).toBe(w.sessionId);
    expect(state.session).toMatchObject({ id: w.sessionId, userId: w.aliceId, status: 'active' });
    expect(state.claims).toMatchObject({ sub: w.aliceId, sid: w.sessionId, iss: w.emu.url });
    expect(state.session.expireAt).toBe((state.claims!.exp as number) * 1000);
    expect(Object.isFrozen(state.claims)).toBe(true);
    const again = await clerk.authenticateRequest(cookieRequest(w.sessionToken, `/me?_clerk_session_id=${w.sessionId}`));
    expect(again.status).toBe('signed-in');
  });

  it('alg none', async () => {
    const header = decodeProtectedHeader(w.sessionToken);
    const unsecured = new UnsecuredJWT({ sub: w.aliceId, sid: w.sessionId, iss: w.emu.url }).setIssuedAt().setExpirationTime('1m').encode();
    await expectSignedOut(unsecured, 'token-malformed'); // empty signature segment
    const [, payload] = w.sessionToken.split('.');
    await expectSignedOut(`${base64url({ alg: 'none', kid: header.kid })}.${payload}.AAAA`, 'token-invalid');
  });

  it('HS256 signed with the public key as the secret (algorithm confusion)', async () => {
    const kid = decodeProtectedHeader(w.sessionToken).kid!;
    const forged = await new SignJWT({ sub: 'user_mallory', sid: w.sessionId, iss: w.emu.url })
      .setProtectedHeader({ alg: 'HS256', kid })
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(w.emu.jwtPublicKey()));
    await expectSignedOut(forged, 'token-invalid');
  });

  it('a signature from another key (same kid)', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const kid = decodeProtectedHeader(w.sessionToken).kid!;
    const forged = await new SignJWT({ sub: w.aliceId, sid: w.sessionId, iss: w.emu.url })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(privateKey);
    await expectSignedOut(forged, 'token-invalid');
  });

  it('a tampered payload', async () => {
    const [h, p, s] = w.sessionToken.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    await expectSignedOut(`${h}.${base64url({ ...claims, sub: 'user_mallory' })}.${s}`, 'token-invalid');
    await expectSignedOut(`${h}.${p}.${s!.slice(0, -4)}AAAA`, 'token-invalid');
  });

  it('expired (beyond the skew); just expired within the 5 s skew still passes', async () => {
    const now = w.emu.now();
    await expectSignedOut(await w.emu.mintSessionToken({ sessionId: w.sessionId, issuedAt: now - 120_000, lifetimeMs: 60_000 }), 'token-expired');
    const withinSkew = await w.emu.mintSessionToken({ sessionId: w.sessionId, issuedAt: now - 62_000, lifetimeMs: 60_000 });
    expect((await clerk.authenticateRequest(cookieRequest(withinSkew))).status).toBe('signed-in');
  });

  it('nbf or iat in the future beyond the skew', async () => {
    const t = nowSec();
    await expectSignedOut(await w.emu.mintSessionToken({ sessionId: w.sessionId, claims: { nbf: t + 60 } }), 'token-invalid');
    await expectSignedOut(await w.emu.mintSessionToken({ sessionId: w.sessionId, claims: { iat: t + 60 } }), 'token-invalid');
    await expectSignedOut(await w.emu.mintSessionToken({ sessionId: w.sessionId, issuedAt: Date.now() + 60_000 }), 'token-invalid');
    const withinSkew = await w.emu.mintSessionToken({ sessionId: w.sessionId, claims: { iat: t + 3, nbf: t + 3 } });
    expect((await clerk.authenticateRequest(cookieRequest(withinSkew))).status).toBe('signed-in');
  });

  it('a wrong iss (issuer option), and a non-https iss without it', async () => {
    const evil = await w.emu.mintSessionToken({ sessionId: w.sessionId, claims: { iss: 'https://clerk.evil.example' } });
    await expectSignedOut(evil, 'token-invalid', strict);
    await expectSignedOut(await w.emu.mintSessionToken({ sessionId: w.sessionId, claims: { iss: 'http://evil.example' } }), 'token-invalid');
    await expectSignedOut(await w.emu.mintSessionToken({ sessionId: w.sessionId, claims: { iss: undefined } }), 'token-invalid');
  });

  it('azp not in authorizedParties', async () => {
    const token = await w.emu.mintSessionToken({ sessionId: w.sessionId, azp: 'https://evil.example' });
    await expectSignedOut(token, 'authorized-party-invalid', strict);
    const ok = await w.emu.mintSessionToken({ sessionId: w.sessionId, azp: 'http://localhost:3000' });
    expect((await strict.authenticateRequest(cookieRequest(ok))).status).toBe('signed-in');
    // a cached token is re-checked against the client's own authorizedParties
    expect((await clerk.authenticateRequest(cookieRequest(token))).status).toBe('signed-in');
    await expectSignedOut(token, 'authorized-party-invalid', strict);
  });

  it('an oversized token', async () => {
    await expectSignedOut(await w.emu.mintSessionToken({ sessionId: w.sessionId, claims: { pad: 'x'.repeat(3500) } }), 'token-malformed');
    await expectSignedOut(await w.emu.mintSessionToken({ sessionId: w.sessionId, claims: { pad: 'x'.repeat(9000) } }), 'token-malformed');
  });

  it('sid differs from _clerk_session_id', async () => {
    await expectSignedOut(w.sessionToken, 'session-mismatch', clerk, '/me?_clerk_session_id=sess_someoneelse');
  });

  it('garbage in place of a JWT (e.g. a 2021 client token)', async () => {
    await expectSignedOut(w.clientToken, 'token-malformed');
    await expectSignedOut(`${base64url('{not json')}.${base64url('{}')}.AAAA`, 'token-invalid');
  });

  it('time claims are re-checked on every cache hit', async () => {
    const token = await w.emu.mintSessionToken({ sessionId: w.sessionId, lifetimeMs: 2000 });
    expect((await clerk.authenticateRequest(cookieRequest(token))).status).toBe('signed-in');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 10_000);
      await expectSignedOut(token, 'token-expired');
    } finally {
      vi.useRealTimers();
    }
  });

  if (mode === 'jwks') {
    it('a missing kid: no backend call', async () => {
      await expectSignedOut(await w.emu.mintSessionToken({ sessionId: w.sessionId, kid: null }), 'token-invalid');
    });

    it('a wrong kid: at most one JWKS refetch per interval, then none', async () => {
      const fresh = make({ jwks: { refetchIntervalMs: 60_000 } });
      expect((await fresh.authenticateRequest(cookieRequest(w.sessionToken))).status).toBe('signed-in');
      w.emu.clearRequests();
      for (let i = 0; i < 5; i++) {
        const t = await w.emu.mintSessionToken({ sessionId: w.sessionId, kid: `ins_wrong${i}` });
        expect(await fresh.authenticateRequest(cookieRequest(t))).toEqual({ status: 'signed-out', reason: 'token-invalid' });
      }
      expect(w.emu.backendCalls()).toBe(1);
    });
  } else {
    it('the PEM mode needs no API key and ignores the kid (one key); the signature decides', async () => {
      const t = await w.emu.mintSessionToken({ sessionId: w.sessionId, kid: null });
      expect((await clerk.authenticateRequest(cookieRequest(t))).status).toBe('signed-in');
    });
  }
});
