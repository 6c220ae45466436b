import { describe, expect, it, vi } from 'vitest';
import type { AuthState } from '../src/auth-state.js';
import { createBackendStrategy, type VerifyBackend } from '../src/authenticate.js';
import { createLruCacheStore, type CacheEntry, type VerificationCacheStore } from '../src/cache/index.js';
import { Clerk } from '../src/clerk.js';
import { promised } from '../src/decide.js';
import type { Session } from '../src/domain/session.js';
import { at, instantBackend, who } from '../../../test-support/cache-store-contract.js';

// invalidateSession / invalidateUser: the entries of a session or user are dropped, others stay;
// a verification in flight when the invalidation happens is answered but never stored.

interface Pending {
  id: string | null;
  token: string;
  resolve: (status: string) => void;
}

/** A backend whose answers the test releases one by one; users are `user_<token prefix>`. */
function heldBackend() {
  const pending: Pending[] = [];
  let calls = 0;
  const sessionOf = (id: string, token: string, status: string): Session => ({
    id,
    clientId: 'client_1',
    userId: `user_${token.split('-')[0]}`,
    status,
    lastActiveAt: 1,
    expireAt: Date.now() + 3_600_000,
    abandonAt: Date.now() + 7_200_000,
  });
  const backend: VerifyBackend = {
    verifySession(id, token) {
      calls++;
      return new Promise((resolve) => pending.push({ id, token, resolve: (status) => resolve(sessionOf(id, token, status)) }));
    },
    verifyClient(token) {
      calls++;
      return new Promise((resolve) =>
        pending.push({
          id: null,
          token,
          resolve: (status) => {
            const s = sessionOf(`sess_last_${token}`, token, status);
            resolve({ id: 'client_1', sessionIds: [s.id], sessions: [s], signInAttemptId: null, signUpAttemptId: null, lastActiveSessionId: s.id, createdAt: 1, updatedAt: 1 });
          },
        }),
      );
    },
  };
  return { backend, pending, calls: () => calls };
}

const config = (store?: VerificationCacheStore, logger: Pick<Console, 'warn' | 'error'> | false = false) => ({
  requireSessionIdForUnsafeMethods: false,
  cache: { ttlMs: 60_000, max: 100, ...(store && { store }) },
  logger,
});
const flush = () => new Promise((r) => setImmediate(r));

describe('invalidateSession / invalidateUser', () => {
  it('drops every entry of the session (every token, explicit id or last active) and keeps the others', async () => {
    const { backend, revoked, calls } = instantBackend();
    const strategy = createBackendStrategy(backend, config());
    const decide = promised(strategy.decide);
    await decide(at('alice-1', 'sess_a'));
    await decide(at('alice-2', 'sess_a'));
    await decide(at('alice-3')); // last active: sess_last
    await decide(at('bob-1', 'sess_b'));
    expect(calls()).toBe(4);
    revoked.add('sess_a');
    // cached: the revocation is not seen yet
    expect(who(await decide(at('alice-1', 'sess_a')))).toBe('sess_a/user_alice');
    expect(calls()).toBe(4);

    await strategy.invalidateSession('sess_a');
    expect(who(await decide(at('alice-1', 'sess_a')))).toBe('signed-out/session-inactive');
    expect(who(await decide(at('alice-2', 'sess_a')))).toBe('signed-out/session-inactive');
    expect(calls()).toBe(6);
    // other sessions stay cached
    expect(who(await decide(at('bob-1', 'sess_b')))).toBe('sess_b/user_bob');
    expect(who(await decide(at('alice-3')))).toBe('sess_last/user_alice');
    expect(calls()).toBe(6);

    revoked.add('sess_last');
    await strategy.invalidateSession('sess_last');
    expect(who(await decide(at('alice-3')))).toBe('signed-out/session-inactive');
  });

  it('invalidateUser drops the sessions of that user only', async () => {
    const { backend, revoked, calls } = instantBackend();
    const strategy = createBackendStrategy(backend, config());
    const decide = promised(strategy.decide);
    await decide(at('alice-1', 'sess_a1'));
    await decide(at('alice-2', 'sess_a2'));
    await decide(at('bob-1', 'sess_b'));
    revoked.add('user_alice');
    await strategy.invalidateUser('user_alice');
    expect(who(await decide(at('alice-1', 'sess_a1')))).toBe('signed-out/session-inactive');
    expect(who(await decide(at('alice-2', 'sess_a2')))).toBe('signed-out/session-inactive');
    expect(who(await decide(at('bob-1', 'sess_b')))).toBe('sess_b/user_bob');
    expect(calls()).toBe(5);
  });

  it('a verification in flight during the invalidation is answered but not stored, and later requests do not join it', async () => {
    const { backend, pending, calls } = heldBackend();
    const strategy = createBackendStrategy(backend, config());
    const decide = promised(strategy.decide);
    const before = decide(at('alice-1', 'sess_a'));
    await flush();
    expect(pending).toHaveLength(1);

    await strategy.invalidateSession('sess_a');
    // a request after the invalidation starts its own call instead of sharing the stale one
    const after = decide(at('alice-1', 'sess_a'));
    await flush();
    expect(pending).toHaveLength(2);

    pending[0]!.resolve('active'); // the backend answered before the revocation reached it
    expect(who(await before)).toBe('sess_a/user_alice');
    pending[1]!.resolve('revoked');
    expect(who(await after)).toBe('signed-out/session-inactive');

    // the stale answer was not stored: the next request asks the backend again
    const next = decide(at('alice-1', 'sess_a'));
    await flush();
    expect(calls()).toBe(3);
    pending[2]!.resolve('revoked');
    expect(who(await next)).toBe('signed-out/session-inactive');
  });

  it('an in-flight verification of another session is still stored', async () => {
    const { backend, pending, calls } = heldBackend();
    const strategy = createBackendStrategy(backend, config());
    const decide = promised(strategy.decide);
    const bob = decide(at('bob-1', 'sess_b'));
    await flush();
    await strategy.invalidateSession('sess_a');
    await strategy.invalidateUser('user_alice');
    pending[0]!.resolve('active');
    expect(who(await bob)).toBe('sess_b/user_bob');
    expect(who(await decide(at('bob-1', 'sess_b')))).toBe('sess_b/user_bob');
    expect(calls()).toBe(1);
  });

  it('an in-flight last-active verification of an invalidated user is not stored', async () => {
    const { backend, pending, calls } = heldBackend();
    const strategy = createBackendStrategy(backend, config());
    const decide = promised(strategy.decide);
    const first = decide(at('alice-1'));
    await flush();
    await strategy.invalidateUser('user_alice');
    pending[0]!.resolve('active');
    expect(who(await first)).toBe('sess_last_alice-1/user_alice');
    void decide(at('alice-1'));
    await flush();
    expect(calls()).toBe(2);
  });

  it('a store without deleteBySession / deleteByUser: logs once per kind and resolves', async () => {
    const entries = new Map<string, CacheEntry>();
    const store: VerificationCacheStore = { get: (k) => entries.get(k), set: (k, e) => void entries.set(k, e) };
    const warn = vi.fn();
    const { backend } = instantBackend();
    const strategy = createBackendStrategy(backend, config(store, { warn, error: vi.fn() }));
    await promised(strategy.decide)(at('alice-1', 'sess_a'));
    await strategy.invalidateSession('sess_a');
    await strategy.invalidateSession('sess_a');
    await strategy.invalidateUser('user_alice');
    await strategy.invalidateUser('user_alice');
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0]![0]).toMatch(/no deleteBySession\(\)/);
    expect(warn.mock.calls[1]![0]).toMatch(/no deleteByUser\(\)/);
    expect(entries.size).toBe(1);
  });

  it('a store that fails to delete: the call rejects with ERR_CACHE_INVALIDATION_FAILED (so a webhook is retried)', async () => {
    const store: VerificationCacheStore = {
      get: () => undefined,
      set: () => {},
      deleteBySession: () => Promise.reject(new Error('redis down: password=hunter2')),
      deleteByUser: () => {
        throw new Error('boom');
      },
    };
    const strategy = createBackendStrategy(instantBackend().backend, config(store));
    const failure = await strategy.invalidateSession('sess_a').catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'ERR_CACHE_INVALIDATION_FAILED' });
    expect((failure as Error).message).not.toContain('hunter2');
    await expect(strategy.invalidateUser('user_a')).rejects.toMatchObject({ code: 'ERR_CACHE_INVALIDATION_FAILED' });
  });

  it('an async store gets deleteBySession / deleteByUser and the call waits for it', async () => {
    const calls: string[] = [];
    const store: VerificationCacheStore = {
      get: async () => undefined,
      set: async () => {},
      deleteBySession: async (id) => void calls.push(`session:${id}`),
      deleteByUser: async (id) => void calls.push(`user:${id}`),
    };
    const strategy = createBackendStrategy(instantBackend().backend, config(store));
    await strategy.invalidateSession('sess_a');
    await strategy.invalidateUser('user_b');
    expect(calls).toEqual(['session:sess_a', 'user:user_b']);
  });

  it('without a cache, and on a Clerk, the calls resolve; a non-string id is a TypeError', async () => {
    const strategy = createBackendStrategy(instantBackend().backend, { requireSessionIdForUnsafeMethods: false, cache: false, logger: false });
    await expect(strategy.invalidateSession('sess_a')).resolves.toBeUndefined();
    const clerk = new Clerk({ apiKey: 'test_key', apiUrl: 'http://127.0.0.1:9', cache: { ttlMs: 1000 } });
    const { invalidateSession, invalidateUser } = clerk; // bound
    await expect(invalidateSession('sess_a')).resolves.toBeUndefined();
    await expect(invalidateUser('user_a')).resolves.toBeUndefined();
    await expect(invalidateSession('' as string)).rejects.toThrow(TypeError);
    await expect(invalidateUser(42 as unknown as string)).rejects.toThrow(TypeError);
  });
});

describe('createLruCacheStore: deleteBySession / deleteByUser', () => {
  const entry = (sessionId: string, userId: string): CacheEntry => ({
    session: { id: sessionId, clientId: 'c', userId, status: 'active', lastActiveAt: 1, expireAt: 9e12, abandonAt: 9e12 },
    sessionId,
    userId,
    expiresAt: Date.now() + 60_000,
  });

  it('drops by session and by user, across keys; other entries stay', () => {
    const store = createLruCacheStore({ max: 100, ttlMs: 60_000 });
    store.set('h1:sess_a', entry('sess_a', 'user_1'), 60_000);
    store.set('h2:*', entry('sess_a', 'user_1'), 60_000);
    store.set('h3:sess_b', entry('sess_b', 'user_1'), 60_000);
    store.set('h4:sess_c', entry('sess_c', 'user_2'), 60_000);
    void store.deleteBySession!('sess_a');
    expect([store.get('h1:sess_a'), store.get('h2:*')]).toEqual([undefined, undefined]);
    expect(store.get('h3:sess_b')).toBeDefined();
    void store.deleteByUser!('user_1');
    expect(store.get('h3:sess_b')).toBeUndefined();
    expect(store.get('h4:sess_c')).toBeDefined();
  });

  it('the index follows overwrites and evictions: a key reused for another session is not dropped with the old one', () => {
    const store = createLruCacheStore({ max: 2, ttlMs: 60_000 });
    store.set('k1', entry('sess_a', 'user_1'), 60_000);
    store.set('k1', entry('sess_b', 'user_2'), 60_000); // overwrite
    void store.deleteBySession!('sess_a');
    expect((store.get('k1') as CacheEntry | undefined)?.sessionId).toBe('sess_b');
    store.set('k2', entry('sess_c', 'user_3'), 60_000);
    store.set('k3', entry('sess_d', 'user_4'), 60_000); // evicts k1
    expect(store.get('k1')).toBeUndefined();
    void store.deleteBySession!('sess_b'); // nothing left to drop, and nothing else is
    expect((store.get('k2') as CacheEntry | undefined)?.sessionId).toBe('sess_c');
    expect((store.get('k3') as CacheEntry | undefined)?.sessionId).toBe('sess_d');
  });
});
