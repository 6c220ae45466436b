import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { AuthState } from '../src/auth-state.js';
import { Clerk, type ClerkOptions } from '../src/index.js';
import { ANSWERED_MS, NEVER_ANSWERED_MS } from '../../../test-support/deadlines.js';

// Integration: the real Clerk (undici transport) against the real emulator over loopback.
// Backend calls are counted in the emulator's own request log.

let emu: Emulator;
const SESSION_VERIFY = 'POST /v1/sessions/:id/verify';
const CLIENT_VERIFY = 'POST /v1/clients/verify';

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu?.close());
beforeEach(async () => {
  await emu.reset();
});

const logs = () => {
  const lines: string[] = [];
  return { lines, logger: { warn: (m: string) => lines.push(`warn ${m}`), error: (m: string) => lines.push(`error ${m}`) } };
};
const clerk = (over: ClerkOptions = {}) => new Clerk({ apiUrl: emu.url, apiKey: emu.apiKey, timeoutMs: ANSWERED_MS, logger: false, ...over });
const req = (token: string | undefined, sessionId?: string, method = 'GET') => ({
  method,
  url: sessionId === undefined ? '/api/me' : `/api/me?_clerk_session_id=${encodeURIComponent(sessionId)}`,
  headers: token === undefined ? {} : { cookie: `theme=dark; __session=${token}` },
});
const summary = (s: AuthState) => (s.status === 'signed-in' ? `signed-in ${s.userId} ${s.sessionId}` : `${s.status} ${s.reason}`);

async function signedInUser(email = 'ada@example.test') {
  const user = await emu.createUser({ email, firstName: 'Ada' });
  return emu.signIn({ userId: user.id });
}

describe('authenticateRequest against the emulator', () => {
  it('signs in with and without an explicit session id, one backend call each', async () => {
    const a = await signedInUser();
    const { authenticateRequest } = clerk();
    emu.clearRequests();
    const withId = await authenticateRequest(req(a.clientToken, a.sessionId));
    expect(withId).toMatchObject({ status: 'signed-in', userId: a.userId, sessionId: a.sessionId, session: { id: a.sessionId, userId: a.userId, status: 'active', clientId: a.clientId } });
    expect(emu.requests.map((r: { method: string; route?: string }) => `${r.method} ${r.route}`)).toEqual([`POST /v1/sessions/:id/verify`]);
    emu.clearRequests();
    expect(summary(await authenticateRequest(req(a.clientToken)))).toBe(`signed-in ${a.userId} ${a.sessionId}`);
    expect(emu.requests.map((r: { method: string; route?: string }) => `${r.method} ${r.route}`)).toEqual([`POST /v1/clients/verify`]);
  });

  it('accepts a bearer token and a WHATWG Request', async () => {
    const a = await signedInUser();
    const { authenticateRequest } = clerk();
    const request = new Request(`http://app.test/api?_clerk_session_id=${a.sessionId}`, { headers: { authorization: `Bearer ${a.clientToken}` } });
    expect(summary(await authenticateRequest(request))).toBe(`signed-in ${a.userId} ${a.sessionId}`);
  });

  it('multi-session: the query picks the session, otherwise the last active one', async () => {
    const ada = await signedInUser('ada@example.test');
    const bob = await emu.createUser({ email: 'bob@example.test' });
    const second = await emu.signIn({ userId: bob.id, clientToken: ada.clientToken });
    expect(second.clientToken).toBe(ada.clientToken);
    const { authenticateRequest } = clerk();
    expect(summary(await authenticateRequest(req(ada.clientToken)))).toBe(`signed-in ${bob.id} ${second.sessionId}`);
    expect(summary(await authenticateRequest(req(ada.clientToken, ada.sessionId)))).toBe(`signed-in ${ada.userId} ${ada.sessionId}`);
    expect(summary(await authenticateRequest(req(ada.clientToken, second.sessionId)))).toBe(`signed-in ${bob.id} ${second.sessionId}`);
    await emu.setActiveSession(ada.clientToken, ada.sessionId);
    expect(summary(await authenticateRequest(req(ada.clientToken)))).toBe(`signed-in ${ada.userId} ${ada.sessionId}`);
  });

  it('a session of another client with this token is not signed in', async () => {
    const ada = await signedInUser('ada@example.test');
    const eve = await signedInUser('eve@example.test');
    const { authenticateRequest } = clerk();
    expect(summary(await authenticateRequest(req(eve.clientToken, ada.sessionId)))).toBe('signed-out session-not-found');
  });

  it('refuses the last-active fallback for unsafe methods when asked to, without a call', async () => {
    const a = await signedInUser();
    const { authenticateRequest } = clerk({ requireSessionIdForUnsafeMethods: true });
    emu.clearRequests();
    expect(summary(await authenticateRequest(req(a.clientToken, undefined, 'POST')))).toBe('signed-out session-id-required');
    expect(emu.backendCalls()).toBe(0);
    expect(summary(await authenticateRequest(req(a.clientToken, a.sessionId, 'POST')))).toBe(`signed-in ${a.userId} ${a.sessionId}`);
  });

  it.each([
    ['no token', undefined, undefined, 'signed-out token-missing'],
    ['malformed token', 'abc<def', undefined, 'signed-out token-malformed'],
    ['path-like id', 'goodtoken', '../users/x', 'signed-out session-id-malformed'],
    ['id with a fragment', 'goodtoken', 'sess_x/revoke#', 'signed-out session-id-malformed'],
  ])('%s: signed out without any backend call', async (_n, token, id, expected) => {
    const { authenticateRequest } = clerk();
    emu.clearRequests();
    expect(summary(await authenticateRequest(req(token, id)))).toBe(expected);
    expect(emu.backendCalls()).toBe(0);
  });

  it('an unknown token is signed out in both modes', async () => {
    await signedInUser();
    const { authenticateRequest } = clerk();
    const unknown = 'bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtMTIzNDU2';
    expect(summary(await authenticateRequest(req(unknown)))).toMatch(/^signed-out (session-not-found|token-invalid)$/);
    expect(summary(await authenticateRequest(req(unknown, 'sess_2Ab3')))).toMatch(/^signed-out (session-not-found|token-invalid)$/);
  });

  it.each([
    ['revoked', (s: { sessionId: string }) => emu.revokeSession(s.sessionId)],
    ['ended', (s: { sessionId: string }) => emu.signOut(s.sessionId)],
  ])('a %s session is signed out (session-inactive / no-active-session)', async (_n, end) => {
    const a = await signedInUser();
    const { authenticateRequest } = clerk();
    await end(a);
    expect(summary(await authenticateRequest(req(a.clientToken, a.sessionId)))).toBe('signed-out session-inactive');
    expect(summary(await authenticateRequest(req(a.clientToken)))).toMatch(/^signed-out (session-inactive|no-active-session)$/);
  });

  it('an expired session is signed out once the emulator clock passes its expiry', async () => {
    const a = await signedInUser();
    const { authenticateRequest } = clerk();
    expect(summary(await authenticateRequest(req(a.clientToken, a.sessionId)))).toBe(`signed-in ${a.userId} ${a.sessionId}`);
    emu.advanceClock(400 * 24 * 3600 * 1000);
    expect(summary(await authenticateRequest(req(a.clientToken, a.sessionId)))).toBe('signed-out session-inactive');
    expect(summary(await authenticateRequest(req(a.clientToken)))).toMatch(/^signed-out (session-inactive|no-active-session)$/);
  });

  describe('faults -> states, in both modes', () => {
    // [name, fault, expected state, retryAfter, backend calls]. A reset is retried once by the
    // HTTP layer (verify is read-only; a reset usually means a stale keep-alive socket): 2 calls.
    const faults: Array<[string, Parameters<Emulator['fault']>[1], string, number?, number?]> = [
      ['500', { type: 'status', status: 500 }, 'unavailable backend-error'],
      ['503', { type: 'status', status: 503 }, 'unavailable backend-error'],
      ['410 gone', { type: 'gone' }, 'unavailable backend-error'],
      ['429 with Retry-After', { type: 'rate-limit', retryAfter: 3 }, 'unavailable backend-rate-limited', 3],
      ['reset', { type: 'reset' }, 'unavailable backend-unreachable', undefined, 2],
      ['hang', { type: 'hang' }, 'unavailable backend-timeout'],
      ['slow body', { type: 'slow-body', intervalMs: 100 }, 'unavailable backend-timeout'],
      ['HTML', { type: 'raw', status: 200, body: '<html>oops</html>', contentType: 'text/html' }, 'unavailable backend-response-invalid'],
      ['wrong-shaped JSON', { type: 'raw', status: 200, body: '{"object":"session","id":42}', contentType: 'application/json' }, 'unavailable backend-response-invalid'],
      ['oversized', { type: 'raw', status: 200, body: `{"pad":"${'x'.repeat(2_000_000)}"}`, contentType: 'application/json' }, 'unavailable backend-response-invalid'],
      ['401 naming our key', { type: 'status', status: 401, body: { errors: [{ code: 'authentication_invalid', message: 'm', long_message: 'l' }] } }, 'unavailable misconfigured'],
      ['401 about the token', { type: 'status', status: 401, body: { errors: [{ code: 'client_token_invalid', message: 'm', long_message: 'l' }] } }, 'signed-out token-invalid'],
      ['400', { type: 'status', status: 400, body: { errors: [{ code: 'form_param_invalid', message: 'm', long_message: 'l' }] } }, 'signed-out token-invalid'],
      ['422', { type: 'status', status: 422, body: { errors: [{ code: 'form_param_missing', message: 'm', long_message: 'l' }] } }, 'signed-out token-invalid'],
      ['404', { type: 'status', status: 404, body: { errors: [{ code: 'resource_not_found', message: 'm', long_message: 'l' }] } }, 'signed-out session-not-found'],
    ];

    it.each(faults)('%s', async (_n, fault, expected, retryAfter, calls = 1) => {
      const a = await signedInUser();
      // a hang and an endless drip meet the deadline, whatever it is; every other fault is answered
      const neverAnswered = fault.type === 'hang' || fault.type === 'slow-body';
      const { authenticateRequest } = clerk(neverAnswered ? { timeoutMs: NEVER_ANSWERED_MS } : {});
      for (const [route, sessionId] of [[SESSION_VERIFY, a.sessionId], [CLIENT_VERIFY, undefined]] as const) {
        emu.clearFaults();
        emu.fault(route, fault);
        emu.clearRequests();
        const state = await authenticateRequest(req(a.clientToken, sessionId));
        expect(summary(state), route).toBe(expected);
        if (retryAfter !== undefined) expect(state).toMatchObject({ retryAfter });
        expect(emu.backendCalls(), route).toBe(calls);
      }
      emu.clearFaults();
      expect(summary(await authenticateRequest(req(a.clientToken, a.sessionId)))).toBe(`signed-in ${a.userId} ${a.sessionId}`);
    });
  });

  it('a wrong API key is unavailable/misconfigured, logged once, never naming key or token', async () => {
    const a = await signedInUser();
    const { lines, logger } = logs();
    const wrongKey = 'test_this_is_not_the_key_0123456789';
    const { authenticateRequest } = clerk({ apiKey: wrongKey, logger });
    expect(summary(await authenticateRequest(req(a.clientToken, a.sessionId)))).toBe('unavailable misconfigured');
    expect(summary(await authenticateRequest(req(a.clientToken)))).toBe('unavailable misconfigured');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error @sessiongate\/core: the Backend API rejected our API key \(HTTP 401/);
    for (const secret of [wrongKey, emu.apiKey, a.clientToken]) expect(lines.join('\n')).not.toContain(secret);
  });

  it('an unreachable backend is unavailable, never a crash', async () => {
    const a = await signedInUser();
    const { authenticateRequest } = clerk({ apiUrl: 'http://127.0.0.1:9' });
    expect(summary(await authenticateRequest(req(a.clientToken, a.sessionId)))).toBe('unavailable backend-unreachable');
  });
});

describe('coalescing over loopback', () => {
  it('N concurrent identical requests make exactly one backend call, in both modes', async () => {
    const a = await signedInUser();
    const { authenticateRequest } = clerk();
    for (const [route, sessionId] of [[SESSION_VERIFY, a.sessionId], [CLIENT_VERIFY, undefined]] as const) {
      emu.clearFaults();
      emu.fault(route, { type: 'latency', ms: 150 });
      emu.clearRequests();
      const states = await Promise.all(Array.from({ length: 30 }, () => authenticateRequest(req(a.clientToken, sessionId))));
      for (const s of states) expect(summary(s)).toBe(`signed-in ${a.userId} ${a.sessionId}`);
      expect(emu.backendCalls(), route).toBe(1);
    }
  });

  it('concurrent requests with different tokens never share a call', async () => {
    const ada = await signedInUser('ada@example.test');
    const bob = await signedInUser('bob@example.test');
    const { authenticateRequest } = clerk();
    emu.fault(CLIENT_VERIFY, { type: 'latency', ms: 150 });
    emu.clearRequests();
    const states = await Promise.all(
      Array.from({ length: 20 }, (_, i) => authenticateRequest(req(i % 2 === 0 ? ada.clientToken : bob.clientToken))),
    );
    states.forEach((s, i) => expect(summary(s)).toBe(i % 2 === 0 ? `signed-in ${ada.userId} ${ada.sessionId}` : `signed-in ${bob.userId} ${bob.sessionId}`));
    expect(emu.backendCalls()).toBe(2);
  });
});

describe('verification cache over loopback', () => {
  // The cache reads Date.now(); the tests move it with vi.setSystemTime, so an entry expires
  // when the test says so, not when a busy machine lets time pass. Only Date is faked: the
  // sockets, the emulator and the HTTP deadlines keep their real timers.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

  it('a hit makes no backend call; a revocation is visible once the TTL has passed', async () => {
    const a = await signedInUser();
    // refresh-ahead off: this test is about the TTL alone (refresh-ahead has its own test below)
    const { authenticateRequest } = clerk({ cache: { ttlMs: 20_000, refreshAhead: false } });
    expect(summary(await authenticateRequest(req(a.clientToken, a.sessionId)))).toBe(`signed-in ${a.userId} ${a.sessionId}`);
    emu.clearRequests();
    expect(summary(await authenticateRequest(req(a.clientToken, a.sessionId)))).toBe(`signed-in ${a.userId} ${a.sessionId}`);
    expect(emu.backendCalls()).toBe(0);
    await emu.revokeSession(a.sessionId);
    emu.clearRequests();
    expect(summary(await authenticateRequest(req(a.clientToken, a.sessionId)))).toBe(`signed-in ${a.userId} ${a.sessionId}`); // within the TTL
    expect(emu.backendCalls()).toBe(0);
    advance(20_001);
    expect(summary(await authenticateRequest(req(a.clientToken, a.sessionId)))).toBe('signed-out session-inactive');
    expect(emu.backendCalls()).toBe(1);
    expect(summary(await authenticateRequest(req(a.clientToken, a.sessionId)))).toBe('signed-out session-inactive');
    expect(emu.backendCalls()).toBe(2); // signed-out answers are not cached either
  });

  it('refresh-ahead: a hit late in the TTL is answered from the cache and verified again in the background; a revocation found so drops the entry', async () => {
    const a = await signedInUser();
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5); // no jitter: refresh at exactly 80%
    onTestFinished(() => random.mockRestore());
    const client = clerk({ cache: { ttlMs: 30_000 } });
    expect(summary(await client.authenticateRequest(req(a.clientToken, a.sessionId)))).toBe(`signed-in ${a.userId} ${a.sessionId}`);
    await emu.revokeSession(a.sessionId);
    emu.clearRequests();
    advance(24_500); // past 80% of the TTL (24 s), before its end
    const hit = client.decideRequest(req(a.clientToken, a.sessionId));
    expect(hit).not.toBeInstanceOf(Promise); // answered from the cache, within the TTL
    expect(summary(hit as AuthState)).toBe(`signed-in ${a.userId} ${a.sessionId}`);
    await vi.waitFor(() => expect(emu.backendCalls()).toBe(1), { timeout: 15_000, interval: 5 }); // started by the hit, without the hit waiting for it
    // Until the background answer lands, requests are still hits (and start no second call);
    // once it has, the entry is gone and the next request asks the backend, which says revoked.
    await vi.waitFor(async () => expect(summary(await client.authenticateRequest(req(a.clientToken, a.sessionId)))).toBe('signed-out session-inactive'), {
      timeout: 15_000,
      interval: 5,
    });
    expect(emu.backendCalls()).toBe(2);
  });

  it('failures are never cached as success', async () => {
    const a = await signedInUser();
    const { authenticateRequest } = clerk({ cache: { ttlMs: 5000 } });
    emu.fault(SESSION_VERIFY, { type: 'status', status: 500 }, { times: 1 });
    expect(summary(await authenticateRequest(req(a.clientToken, a.sessionId)))).toBe('unavailable backend-error');
    emu.clearRequests();
    expect(summary(await authenticateRequest(req(a.clientToken, a.sessionId)))).toBe(`signed-in ${a.userId} ${a.sessionId}`);
    expect(emu.backendCalls()).toBe(1);
  });

  it('the key includes the token: the same session id with another token is verified again (and refused)', async () => {
    const ada = await signedInUser('ada@example.test');
    const eve = await signedInUser('eve@example.test');
    const { authenticateRequest } = clerk({ cache: { ttlMs: 5000 } });
    expect(summary(await authenticateRequest(req(ada.clientToken, ada.sessionId)))).toBe(`signed-in ${ada.userId} ${ada.sessionId}`);
    emu.clearRequests();
    expect(summary(await authenticateRequest(req(eve.clientToken, ada.sessionId)))).toBe('signed-out session-not-found');
    expect(emu.backendCalls()).toBe(1);
  });
});
