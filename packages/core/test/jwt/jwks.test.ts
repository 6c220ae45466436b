import type { Fault } from '@sessiongate/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createClerkClient, SessiongateError } from '../../src/index.js';
import { ANSWERED_MS } from '../../../../test-support/deadlines.js';
import { cookieRequest, networklessClient, sleep, startWorld, type JwtWorld } from './helpers.js';

let w: JwtWorld;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.emu.close();
});
afterEach(() => {
  w.emu.clearFaults();
  delete process.env.CLERK_JWT_KEY;
});

describe('JWKS from the Backend API', () => {
  it('is fetched once: concurrent first requests share one fetch, later ones make no call', async () => {
    const clerk = networklessClient(w.emu, 'jwks');
    w.emu.clearRequests();
    const states = await Promise.all(Array.from({ length: 25 }, () => clerk.authenticateRequest(cookieRequest(w.sessionToken))));
    expect(states.every((s) => s.status === 'signed-in')).toBe(true);
    expect(w.emu.backendCalls()).toBe(1);
    expect(w.emu.requests[0]).toMatchObject({ method: 'GET', path: '/v1/jwks', status: 200 });
    for (let i = 0; i < 20; i++) await clerk.authenticateRequest(cookieRequest(await w.emu.mintSessionToken({ sessionId: w.sessionId })));
    expect(w.emu.backendCalls()).toBe(1);
  });

  const outages: [string, Fault][] = [
    ['down (500)', { type: 'status', status: 500 }],
    ['down (connection reset)', { type: 'reset' }],
    // the slow ones never finish within any deadline, so the deadline they meet can be generous
    ['slow (past the deadline)', { type: 'latency', ms: 600_000 }],
    ['slow body', { type: 'slow-body', intervalMs: 60_000, body: '{"keys":[]}' }],
    ['garbage (HTML)', { type: 'raw', status: 200, body: '<html>oops</html>', contentType: 'text/html' }],
    ['garbage (wrong shape)', { type: 'raw', status: 200, body: '{"keys":"nope"}', contentType: 'application/json' }],
    ['empty key set', { type: 'raw', status: 200, body: '{"keys":[]}', contentType: 'application/json' }],
    ['only unusable keys', { type: 'raw', status: 200, body: '{"keys":[{"kty":"EC","kid":"k1"},{"kty":"RSA","kid":"k2","alg":"HS256","n":"AQAB","e":"AQAB"}]}', contentType: 'application/json' }],
    ['rate limited', { type: 'rate-limit', retryAfter: 3 }],
  ];

  it.each(outages)('%s with no cached key -> unavailable jwks-unavailable, never signed-in; recovers after', async (_name, fault) => {
    // The failure backoff (100 ms here) runs on Date.now(), which the test moves itself: a busy
    // machine cannot let the backoff pass between two calls that must fall inside it. Only Date
    // is faked; the sockets and the HTTP deadline keep their real timers.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    // One client for the outage and the recovery (the backoff is its state), so one deadline:
    // the recovery fetch must meet it on a busy machine, and the slow outages never answer.
    const clerk = networklessClient(w.emu, 'jwks', { timeoutMs: ANSWERED_MS });
    w.emu.fault('GET /v1/jwks', fault);
    const states = await Promise.all(Array.from({ length: 5 }, () => clerk.authenticateRequest(cookieRequest(w.sessionToken))));
    for (const s of states) expect(s).toEqual({ status: 'unavailable', reason: 'jwks-unavailable' });
    // within the failure backoff: answered at once, no new fetch
    const calls = w.emu.backendCalls();
    expect(await clerk.authenticateRequest(cookieRequest(w.sessionToken))).toEqual({ status: 'unavailable', reason: 'jwks-unavailable' });
    expect(w.emu.backendCalls()).toBe(calls);
    w.emu.clearFaults();
    vi.setSystemTime(Date.now() + 150);
    expect((await clerk.authenticateRequest(cookieRequest(w.sessionToken))).status).toBe('signed-in');
  });

  it('an outage after the keys are cached changes nothing for known keys; an unknown kid is unavailable', async () => {
    const clerk = networklessClient(w.emu, 'jwks');
    expect((await clerk.authenticateRequest(cookieRequest(w.sessionToken))).status).toBe('signed-in');
    w.emu.fault('GET /v1/jwks', { type: 'status', status: 503 });
    expect((await clerk.authenticateRequest(cookieRequest(await w.emu.mintSessionToken({ sessionId: w.sessionId })))).status).toBe('signed-in');
    const unknown = await w.emu.mintSessionToken({ sessionId: w.sessionId, kid: 'ins_rotatedaway' });
    expect(await clerk.authenticateRequest(cookieRequest(unknown))).toEqual({ status: 'unavailable', reason: 'jwks-unavailable' });
    // still unavailable (not signed out) while the refetch is throttled and the outage lasts
    expect(await clerk.authenticateRequest(cookieRequest(unknown))).toEqual({ status: 'unavailable', reason: 'jwks-unavailable' });
  });

  it('key rotation mid-traffic loses no valid request (one refetch)', async () => {
    const clerk = networklessClient(w.emu, 'jwks', { jwks: { refetchIntervalMs: 60_000 } });
    expect((await clerk.authenticateRequest(cookieRequest(w.sessionToken))).status).toBe('signed-in');
    w.emu.clearRequests();
    const results: string[] = [];
    const tokens = [w.sessionToken];
    let running = true;
    const traffic = (async () => {
      let i = 0;
      while (running) {
        const batch = await Promise.all(tokens.slice(-4).map((t) => clerk.authenticateRequest(cookieRequest(t))));
        for (const s of batch) results.push(s.status);
        if (++i % 5 === 0) await sleep(1);
      }
    })();
    // traffic before the rotation and after it, counted in answers rather than milliseconds
    const answered = (n: number) => vi.waitFor(() => expect(results.length).toBeGreaterThanOrEqual(n), { timeout: 15_000, interval: 1 });
    await answered(12);
    const { kid } = await w.emu.rotateKeys({ overlapMs: 60_000 });
    for (let i = 0; i < 4; i++) tokens.push(await w.emu.mintSessionToken({ sessionId: w.sessionId }));
    await answered(results.length + 12);
    running = false;
    await traffic;
    expect(results.length).toBeGreaterThan(20);
    expect(results.filter((s) => s !== 'signed-in')).toEqual([]);
    expect(w.emu.jwks().keys[0]!.kid).toBe(kid);
    expect(w.emu.backendCalls()).toBe(1);
  });

  it('a missing API key is a loud misconfiguration (ERR_MISSING_API_KEY), never signed-in', async () => {
    const saved = process.env.CLERK_API_KEY;
    delete process.env.CLERK_API_KEY;
    try {
      const clerk = createClerkClient({ apiUrl: w.emu.url, verification: 'networkless', logger: false });
      const err = await clerk.authenticateRequest(cookieRequest(w.sessionToken)).catch((e: unknown) => e);
      expect(SessiongateError.is(err) && err.code).toBe('ERR_MISSING_API_KEY');
      expect(String((err as Error).message)).not.toContain(w.sessionToken);
    } finally {
      if (saved !== undefined) process.env.CLERK_API_KEY = saved;
    }
  });

  it('a wrong API key -> unavailable, and one warning without secrets', async () => {
    const warnings: string[] = [];
    const logger = { warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m) };
    const clerk = createClerkClient({ apiKey: 'test_wrongwrongwrong', apiUrl: w.emu.url, verification: 'networkless', logger });
    expect(await clerk.authenticateRequest(cookieRequest(w.sessionToken))).toEqual({ status: 'unavailable', reason: 'jwks-unavailable' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).not.toContain('test_wrong');
  });
});

describe('strategy selection', () => {
  it('the default stays the 2021 backend verification (a JWT cookie is not verified locally)', async () => {
    const clerk = createClerkClient({ apiKey: w.emu.apiKey, apiUrl: w.emu.url, logger: false });
    w.emu.clearRequests();
    expect((await clerk.authenticateRequest(cookieRequest(w.clientToken))).status).toBe('signed-in');
    expect(w.emu.backendCalls()).toBe(1);
    expect((await clerk.authenticateRequest(cookieRequest(w.sessionToken))).status).toBe('signed-out');
  });

  it('CLERK_JWT_KEY (read at first use, escaped newlines accepted) -> networkless with no API key and no network', async () => {
    const saved = process.env.CLERK_API_KEY;
    delete process.env.CLERK_API_KEY;
    try {
      const clerk = createClerkClient({ logger: false, transport: () => Promise.reject(new Error('no network expected')) });
      process.env.CLERK_JWT_KEY = w.emu.jwtPublicKey().replace(/\n/g, '\\n');
      const token = await w.emu.mintSessionToken({ sessionId: w.sessionId });
      const state = await clerk.authenticateRequest(cookieRequest(token));
      expect(state.status).toBe('signed-in');
    } finally {
      if (saved !== undefined) process.env.CLERK_API_KEY = saved;
    }
  });

  it("verification: 'backend' wins over CLERK_JWT_KEY", async () => {
    process.env.CLERK_JWT_KEY = w.emu.jwtPublicKey();
    const clerk = createClerkClient({ apiKey: w.emu.apiKey, apiUrl: w.emu.url, verification: 'backend', logger: false });
    expect((await clerk.authenticateRequest(cookieRequest(w.clientToken))).status).toBe('signed-in');
  });

  it('bad jwtKey values are ERR_INVALID_OPTION (at construction, or at first use for a non-RSA key / bad env)', async () => {
    expect(() => createClerkClient({ jwtKey: 'not a pem' })).toThrow(/jwtKey/);
    expect(() => createClerkClient({ jwtKey: w.emu.jwtPublicKey(), verification: 'backend' })).toThrow(/jwtKey/);
    expect(() => createClerkClient({ clockSkewMs: -1 })).toThrow(/clockSkewMs/);
    expect(() => createClerkClient({ issuer: 'not a url' })).toThrow(/issuer/);
    const garbage = `-----BEGIN PUBLIC KEY-----\n${Buffer.alloc(90, 7).toString('base64')}\n-----END PUBLIC KEY-----`;
    const clerk = createClerkClient({ jwtKey: garbage });
    await expect(clerk.authenticateRequest(cookieRequest(w.sessionToken))).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    process.env.CLERK_JWT_KEY = 'garbage';
    await expect(createClerkClient({ logger: false }).authenticateRequest(cookieRequest(w.sessionToken))).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
  });
});
