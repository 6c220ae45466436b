import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClerkClient, type AuthState, type ClerkOptions } from '../../src/index.js';
import { startWorld, type JwtWorld } from './helpers.js';

/**
 * The same request scenarios decided by both strategies: the 2021 backend verification (client
 * token in `__session`) and the networkless one (session JWT in `__session`). Same statuses;
 * reasons may differ where the strategies know different things (noted per scenario).
 */
let w: JwtWorld;
let bob: { sessionId: string; clientToken: string; sessionToken: string };
beforeAll(async () => {
  w = await startWorld();
  const b = await w.emu.createUser({ email: 'bob@example.test' });
  bob = await w.emu.signIn({ userId: b.id });
});
afterAll(async () => {
  vi.useRealTimers();
  await w?.emu.close();
});

interface Strategy {
  name: string;
  options: ClerkOptions;
  credential: (s: { clientToken: string; sessionToken: string }) => string;
}
const strategies: Strategy[] = [
  { name: 'backend (2021)', options: {}, credential: (s) => s.clientToken },
  { name: 'networkless (JWKS)', options: { verification: 'networkless' }, credential: (s) => s.sessionToken },
];

describe.each(strategies)('$name', ({ options, credential }) => {
  const client = (extra: ClerkOptions = {}) =>
    createClerkClient({ apiKey: w.emu.apiKey, apiUrl: w.emu.url, logger: false, ...options, ...extra });
  const run = (c: ReturnType<typeof client>, url: string, headers: Record<string, string>, method = 'GET'): Promise<AuthState> =>
    c.authenticateRequest({ method, url, headers });
  const alice = () => credential(w);

  it('cookie, bearer and an explicit matching _clerk_session_id are signed in as alice', async () => {
    const c = client();
    for (const state of [
      await run(c, '/me', { cookie: `__session=${alice()}` }),
      await run(c, '/me', { authorization: `Bearer ${alice()}` }),
      await run(c, `/me?_clerk_session_id=${w.sessionId}`, { cookie: `__session=${alice()}` }),
    ]) {
      expect(state).toMatchObject({ status: 'signed-in', userId: w.aliceId, sessionId: w.sessionId });
    }
  });

  it("another user's session id with alice's credential is signed out", async () => {
    const state = await run(client(), `/me?_clerk_session_id=${bob.sessionId}`, { cookie: `__session=${alice()}` });
    expect(state.status).toBe('signed-out'); // backend: session-not-found; networkless: session-mismatch
  });

  it('the resolver rules are shared: token-missing, session-id-malformed, session-id-required, token-malformed', async () => {
    const c = client();
    expect(await run(c, '/me', {})).toEqual({ status: 'signed-out', reason: 'token-missing' });
    expect(await run(c, '/me?_clerk_session_id=x&_clerk_session_id=y', { cookie: `__session=${alice()}` })).toEqual({ status: 'signed-out', reason: 'session-id-malformed' });
    expect(await run(c, '/me', { cookie: '__session=a b' })).toMatchObject({ status: 'signed-out' });
    const strict = client({ requireSessionIdForUnsafeMethods: true });
    expect(await run(strict, '/me', { cookie: `__session=${alice()}` }, 'POST')).toEqual({ status: 'signed-out', reason: 'session-id-required' });
  });

  it('a forged credential is signed out', async () => {
    const forged = `${alice().slice(0, -6)}AAAAAA`;
    expect((await run(client(), '/me', { cookie: `__session=${forged}` })).status).toBe('signed-out');
  });

  it('a revoked session is signed out (networkless: once the last token expires, as no fresh one is minted)', async () => {
    const carol = await w.emu.createUser({});
    const s = await w.emu.signIn({ userId: carol.id });
    const c = client();
    expect((await run(c, '/me', { cookie: `__session=${credential(s)}` })).status).toBe('signed-in');
    await w.emu.revokeSession(s.sessionId);
    await expect(w.emu.mintSessionToken({ sessionId: s.sessionId })).rejects.toMatchObject({ code: 'ERR_SESSION_INACTIVE' });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 66_000); // one token lifetime (60 s) + skew
      expect((await run(c, '/me', { cookie: `__session=${credential(s)}` })).status).toBe('signed-out');
    } finally {
      vi.useRealTimers();
    }
  });

  it('a Backend API outage is unavailable, never signed in (networkless: before the keys are known)', async () => {
    w.emu.fault('*', { type: 'status', status: 503 });
    try {
      expect((await run(client(), '/me', { cookie: `__session=${alice()}` })).status).toBe('unavailable');
    } finally {
      w.emu.clearFaults();
    }
  });
});
