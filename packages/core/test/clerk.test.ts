import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createAuthenticator, createDecider } from '../src/adapter.js';
import { authenticateRequest, Clerk, createClerkClient, SessiongateError, sessions } from '../src/index.js';
import { json, sessionWire, startTestBackend } from './helpers/test-backend.js';

let backend: Awaited<ReturnType<typeof startTestBackend>>;
beforeAll(async () => {
  backend = await startTestBackend((_req, res) => json(res, 200, sessionWire()));
});
afterAll(() => backend.close());

describe('Clerk', () => {
  it('createClerkClient returns a Clerk with the three resources and a bound authenticateRequest', async () => {
    const clerk = createClerkClient({ apiKey: 'sk_test_x', apiUrl: backend.url, logger: false });
    expect(clerk).toBeInstanceOf(Clerk);
    expect(Object.keys(clerk.sessions).sort()).toEqual(['getSession', 'getSessionList', 'revokeSession', 'verifySession']);
    expect(Object.keys(clerk.clients).sort()).toEqual(['getClient', 'getClientList', 'verifyClient']);
    expect(Object.keys(clerk.users).sort()).toEqual(['getUser', 'getUserList']);
    const { authenticateRequest: detached } = clerk;
    const state = await detached({ method: 'GET', url: '/x?_clerk_session_id=sess_abc', headers: { cookie: '__session=tok123' } });
    expect(state).toMatchObject({ status: 'signed-in', sessionId: 'sess_abc', userId: 'user_abc' });
    expect(backend.requests.at(-1)?.url).toBe('/v1/sessions/sess_abc/verify');
  });

  it('reuses one keep-alive connection pool per origin, across calls and clients', async () => {
    const counting = await startTestBackend((_req, res) => json(res, 200, sessionWire()));
    const seen = new Set<string>();
    counting.handle((req, res) => {
      seen.add(`${res.socket?.remotePort}`);
      json(res, 200, sessionWire());
    });
    try {
      const a = new Clerk({ apiKey: 'sk_test_x', apiUrl: counting.url, logger: false });
      const b = new Clerk({ apiKey: 'sk_test_y', apiUrl: counting.url, logger: false });
      for (let i = 0; i < 5; i++) {
        await a.sessions.getSession('sess_abc');
        await b.sessions.getSession('sess_abc');
      }
      expect(counting.requests).toHaveLength(10);
      // keep-alive sockets are reused (undici alternates between at most two idle ones here),
      // never one connection per call
      expect(seen.size).toBeLessThanOrEqual(2);
    } finally {
      await counting.close();
    }
  });
});

describe('env-bound defaults', () => {
  it('importing never reads the environment; first use without a key fails cleanly', async () => {
    const saved = process.env.CLERK_API_KEY;
    delete process.env.CLERK_API_KEY;
    try {
      const err = await sessions.getSession('sess_abc').catch((e: unknown) => e);
      expect((err as SessiongateError).code).toBe('ERR_MISSING_API_KEY');
      await expect(authenticateRequest({ url: '/x?_clerk_session_id=sess_abc', headers: { cookie: '__session=tok' } })).rejects.toMatchObject({ code: 'ERR_MISSING_API_KEY' });
      const before = backend.requests.length;
      // now the environment is there (dotenv loaded late): the same default works
      process.env.CLERK_API_KEY = 'sk_test_late';
      process.env.CLERK_API_URL = backend.url;
      expect((await sessions.getSession('sess_abc')).id).toBe('sess_abc');
      expect(backend.requests.length).toBe(before + 1);
      expect(backend.requests.at(-1)?.headers.authorization).toBe('Bearer sk_test_late');
    } finally {
      if (saved === undefined) delete process.env.CLERK_API_KEY;
      else process.env.CLERK_API_KEY = saved;
      delete process.env.CLERK_API_URL;
    }
  });
});

describe('createAuthenticator', () => {
  it('reuses a given client', () => {
    const clerk = new Clerk({ apiKey: 'sk_test_x', logger: false });
    expect(createAuthenticator({ client: clerk })).toBe(clerk.authenticateRequest);
  });
  it('falls back to the lazy default with no Clerk options (adapter keys are ignored)', () => {
    expect(createAuthenticator()).toBe(authenticateRequest);
    expect(createAuthenticator({ onError: () => {} } as never)).toBe(authenticateRequest);
  });
  it('creates a dedicated client from Clerk options, validating them now', async () => {
    const authenticate = createAuthenticator({ apiKey: 'sk_test_x', apiUrl: backend.url, logger: false });
    expect(await authenticate({ url: '/?_clerk_session_id=sess_abc', headers: { authorization: 'Bearer tok' } })).toMatchObject({ status: 'signed-in' });
    expect(() => createAuthenticator({ timeoutMs: -1 })).toThrow(/timeoutMs/);
  });
  it('refuses a client combined with options, or a non-client', () => {
    const clerk = new Clerk({ apiKey: 'sk_test_x' });
    expect(() => createAuthenticator({ client: clerk, apiKey: 'sk_test_y' })).toThrow(/client/);
    expect(() => createAuthenticator({ client: {} as Clerk })).toThrow(/client/);
  });
});

describe('decideRequest / createDecider (the synchronous-when-possible form)', () => {
  const withId = { method: 'GET', url: '/x?_clerk_session_id=sess_abc', headers: { cookie: '__session=tok123' } };

  it('answers a request refused without I/O synchronously, and a backend call with a promise', async () => {
    const clerk = new Clerk({ apiKey: 'sk_test_x', apiUrl: backend.url, logger: false });
    const before = backend.requests.length;
    expect(clerk.decideRequest({ url: '/x', headers: {} })).toEqual({ status: 'signed-out', reason: 'token-missing' });
    expect(clerk.decideRequest({ url: '/x?_clerk_session_id=../x', headers: { cookie: '__session=t' } })).toEqual({ status: 'signed-out', reason: 'session-id-malformed' });
    expect(backend.requests.length).toBe(before);
    const pending = clerk.decideRequest(withId);
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toMatchObject({ status: 'signed-in', sessionId: 'sess_abc' });
    expect(backend.requests.length).toBe(before + 1);
  });

  it('answers a cache hit synchronously, with a fresh object each time, and the same decision as authenticateRequest', async () => {
    // a session that is still valid for an hour (the shared backend's fixture has long expired, so is never cached)
    const live = await startTestBackend((_req, res) => json(res, 200, sessionWire({ expire_at: Date.now() + 3_600_000, abandon_at: Date.now() + 7_200_000 })));
    onTestFinished(() => live.close());
    const clerk = new Clerk({ apiKey: 'sk_test_x', apiUrl: live.url, logger: false, cache: { ttlMs: 5_000 } });
    const first = await clerk.decideRequest(withId);
    const hit = clerk.decideRequest(withId);
    expect(hit).not.toBeInstanceOf(Promise);
    expect(hit).toEqual(first);
    expect(hit).not.toBe(first);
    expect((hit as { session: object }).session).not.toBe((first as { session: object }).session);
    expect(await clerk.authenticateRequest(withId)).toEqual(first);
    expect(live.requests.length).toBe(1);
    // another token for the same id is not a hit
    const other = clerk.decideRequest({ ...withId, headers: { cookie: '__session=other' } });
    expect(other).toBeInstanceOf(Promise);
    await other;
    expect(live.requests.length).toBe(2);
  });

  it('fails loudly like authenticateRequest: a bad argument throws, a missing key rejects', async () => {
    const saved = process.env.CLERK_API_KEY;
    delete process.env.CLERK_API_KEY;
    try {
      const clerk = new Clerk({ apiUrl: backend.url, logger: false });
      await expect(clerk.decideRequest(withId)).rejects.toMatchObject({ code: 'ERR_MISSING_API_KEY' });
      await expect(clerk.authenticateRequest(withId)).rejects.toMatchObject({ code: 'ERR_MISSING_API_KEY' });
      expect(() => clerk.decideRequest(null as never)).toThrow(TypeError);
      await expect(clerk.authenticateRequest(null as never)).rejects.toThrow(TypeError);
    } finally {
      if (saved !== undefined) process.env.CLERK_API_KEY = saved;
    }
  });

  it('createDecider reuses a client\'s decideRequest, or builds one from options', async () => {
    const clerk = new Clerk({ apiKey: 'sk_test_x', logger: false });
    expect(createDecider({ client: clerk })).toBe(clerk.decideRequest);
    // a client without decideRequest (an older copy of the core) is used through its promise form
    const older = { authenticateRequest: clerk.authenticateRequest } as unknown as Clerk;
    expect(createDecider({ client: older })).toBe(clerk.authenticateRequest);
    const decide = createDecider({ apiKey: 'sk_test_x', apiUrl: backend.url, logger: false });
    expect(decide({ url: '/x', headers: {} })).toEqual({ status: 'signed-out', reason: 'token-missing' });
    expect(await decide(withId)).toMatchObject({ status: 'signed-in' });
    expect(() => createDecider({ timeoutMs: -1 })).toThrow(/timeoutMs/);
    expect(() => createDecider({ client: clerk, apiKey: 'sk_test_y' })).toThrow(/client/);
  });
});
