import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthState } from '../src/auth-state.js';
import { createRequestAuthenticator, createRequestDecider, type VerifyBackend } from '../src/authenticate.js';
import { createLruCacheStore, type CacheEntry, type VerificationCacheStore } from '../src/cache/index.js';
import type { Session } from '../src/domain/session.js';

// Unit level: cache semantics with a scripted backend whose answers we change between calls.
// The revocation-after-TTL proof against the real emulator is in authenticate.emulator.test.ts.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Entries expire by Date.now(); the tests move it with vi.setSystemTime (only Date is faked,
// so awaited promises and sleep(1) still run), and an entry expires when the test says so,
// never because a busy machine let time pass between two calls.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
});
afterEach(() => {
  vi.useRealTimers();
});
const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

function switchableBackend() {
  const state = { status: 'active' as string, error: undefined as unknown, calls: 0, expireAt: Date.now() + 3_600_000 };
  const backend: VerifyBackend = {
    async verifySession(id, token) {
      state.calls++;
      if (state.error !== undefined) throw state.error;
      return { id, clientId: 'client_1', userId: `user_${token}`, status: state.status, lastActiveAt: 1, expireAt: state.expireAt, abandonAt: Date.now() + 7_200_000 } satisfies Session;
    },
    async verifyClient(token) {
      state.calls++;
      if (state.error !== undefined) throw state.error;
      const s: Session = { id: 'sess_last', clientId: 'client_1', userId: `user_${token}`, status: state.status, lastActiveAt: 1, expireAt: state.expireAt, abandonAt: Date.now() + 7_200_000 };
      return { id: 'client_1', sessionIds: [s.id], sessions: [s], signInAttemptId: null, signUpAttemptId: null, lastActiveSessionId: s.id, createdAt: 1, updatedAt: 1 };
    },
  };
  return { backend, state };
}

const at = (token: string, id?: string) => ({ url: id ? `/x?_clerk_session_id=${id}` : '/x', headers: { cookie: `__session=${token}` } });
const userOf = (s: AuthState) => (s.status === 'signed-in' ? s.userId : `${s.status}/${s.reason}`);

describe('verification cache', () => {
  it('a hit makes no backend call, in both modes, and returns a fresh object', async () => {
    const { backend, state } = switchableBackend();
    const authenticate = createRequestAuthenticator(backend, { requireSessionIdForUnsafeMethods: false, cache: { ttlMs: 5000, max: 100 }, logger: false });
    const first = await authenticate(at('t1', 'sess_a'));
    const second = await authenticate(at('t1', 'sess_a'));
    await authenticate(at('t1'));
    await authenticate(at('t1'));
    expect(state.calls).toBe(2);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    if (first.status === 'signed-in' && second.status === 'signed-in') {
      (first.session as { mutated?: boolean }).mutated = true;
      expect(second.session).not.toHaveProperty('mutated');
      expect((await authenticate(at('t1', 'sess_a')) as { session: object }).session).not.toHaveProperty('mutated');
    }
  });

  it('the key includes the token: same id with another token is another call and another user', async () => {
    const { backend, state } = switchableBackend();
    const authenticate = createRequestAuthenticator(backend, { requireSessionIdForUnsafeMethods: false, cache: { ttlMs: 5000, max: 100 }, logger: false });
    expect(userOf(await authenticate(at('t1', 'sess_a')))).toBe('user_t1');
    expect(userOf(await authenticate(at('t2', 'sess_a')))).toBe('user_t2');
    expect(state.calls).toBe(2);
    // and an explicit id is not answered from the last-active entry of the same token
    await authenticate(at('t1'));
    expect(state.calls).toBe(3);
  });

  it('a revocation is visible once the TTL has passed', async () => {
    const { backend, state } = switchableBackend();
    const authenticate = createRequestAuthenticator(backend, { requireSessionIdForUnsafeMethods: false, cache: { ttlMs: 80, max: 100 }, logger: false });
    expect(userOf(await authenticate(at('t1', 'sess_a')))).toBe('user_t1');
    state.status = 'revoked';
    expect(userOf(await authenticate(at('t1', 'sess_a')))).toBe('user_t1'); // within TTL: cached
    expect(state.calls).toBe(1);
    advance(120);
    expect(await authenticate(at('t1', 'sess_a'))).toEqual({ status: 'signed-out', reason: 'session-inactive' });
    expect(state.calls).toBe(2);
  });

  it('an entry never outlives the session: expiry within the TTL, in ms or in 2021-style seconds', async () => {
    const { backend, state } = switchableBackend();
    const authenticate = createRequestAuthenticator(backend, { requireSessionIdForUnsafeMethods: false, cache: { ttlMs: 60_000, max: 100 }, logger: false });
    state.expireAt = Date.now() + 60;
    await authenticate(at('t1', 'sess_a'));
    await authenticate(at('t1', 'sess_a'));
    expect(state.calls).toBe(1);
    advance(100);
    await authenticate(at('t1', 'sess_a'));
    expect(state.calls).toBe(2);
    // seconds (the 2021 fixtures): one second from now is honoured as such, not as 1970
    state.expireAt = Math.floor(Date.now() / 1000) + 1;
    await authenticate(at('t2', 'sess_a'));
    await authenticate(at('t2', 'sess_a'));
    expect(state.calls).toBe(3);
    advance(1100);
    await authenticate(at('t2', 'sess_a'));
    expect(state.calls).toBe(4);
    // already past by our clock (skew): answered as the backend said, but never cached
    state.expireAt = Date.now() - 1000;
    expect(userOf(await authenticate(at('t3', 'sess_a')))).toBe('user_t3');
    await authenticate(at('t3', 'sess_a'));
    expect(state.calls).toBe(6);
  });

  it('failures are never cached as success, nor cached at all', async () => {
    const { backend, state } = switchableBackend();
    const authenticate = createRequestAuthenticator(backend, { requireSessionIdForUnsafeMethods: false, cache: { ttlMs: 5000, max: 100 }, logger: false });
    state.status = 'ended';
    expect(userOf(await authenticate(at('t1', 'sess_a')))).toBe('signed-out/session-inactive');
    expect(userOf(await authenticate(at('t1', 'sess_a')))).toBe('signed-out/session-inactive');
    state.status = 'active';
    state.error = Object.assign(new Error('x'), { code: 'ERR_BACKEND_UNREACHABLE' });
    expect(userOf(await authenticate(at('t1', 'sess_a')))).toBe('unavailable/backend-unreachable');
    state.error = undefined;
    expect(userOf(await authenticate(at('t1', 'sess_a')))).toBe('user_t1');
    expect(state.calls).toBe(4);
  });

  it('uses a pluggable store (async, like Redis) and never stores the token', async () => {
    const { backend, state } = switchableBackend();
    const data = new Map<string, string>();
    const ttls: number[] = [];
    const store: VerificationCacheStore = {
      async get(key) { const v = data.get(key); return v === undefined ? undefined : (JSON.parse(v) as CacheEntry); },
      async set(key, entry, ttlMs) { ttls.push(ttlMs); data.set(key, JSON.stringify(entry)); },
    };
    const authenticate = createRequestAuthenticator(backend, { requireSessionIdForUnsafeMethods: false, cache: { ttlMs: 1000, max: 1, store }, logger: false });
    const token = 'very_secret_client_token';
    expect(userOf(await authenticate(at(token, 'sess_a')))).toBe(`user_${token}`);
    await sleep(1);
    expect(userOf(await authenticate(at(token, 'sess_a')))).toBe(`user_${token}`);
    expect(state.calls).toBe(1);
    expect(ttls).toEqual([1000]);
    expect([...data.keys()].join()).not.toContain(token);
    expect([...data.keys()]).toEqual([expect.stringMatching(/^[A-Za-z0-9_-]{43}:sess_a$/)]);
  });

  it('tells a store with settle() when a miss stored nothing (not signed in), and never when it stored an entry', async () => {
    const { backend, state } = switchableBackend();
    const data = new Map<string, CacheEntry>();
    const settled: string[] = [];
    const store: VerificationCacheStore = {
      async get(key) { return data.get(key); },
      async set(key, entry) { data.set(key, entry); },
      settle(key, outcome) { settled.push(`${key.slice(key.indexOf(':'))} ${outcome}`); },
    };
    const authenticate = createRequestAuthenticator(backend, { requireSessionIdForUnsafeMethods: false, cache: { ttlMs: 1000, max: 1, store }, logger: false });
    expect(userOf(await authenticate(at('tok_a', 'sess_a')))).toBe('user_tok_a');
    expect(settled).toEqual([]);
    state.status = 'revoked';
    expect(userOf(await authenticate(at('tok_b', 'sess_b')))).toBe('signed-out/session-inactive');
    state.status = 'active';
    state.error = new Error('backend down');
    expect((await authenticate(at('tok_c', 'sess_c'))).status).toBe('unavailable');
    expect(settled).toEqual([':sess_b signed-out', ':sess_c unavailable']);
    expect(data.size).toBe(1);
  });

  it('ignores entries that are expired, for another session, inactive, or garbage, even if the store returns them', async () => {
    const { backend, state } = switchableBackend();
    let answer: unknown;
    const deleted: string[] = [];
    const store: VerificationCacheStore = { get: () => answer as CacheEntry, set: () => {}, delete: (k) => { deleted.push(k); } };
    const authenticate = createRequestAuthenticator(backend, { requireSessionIdForUnsafeMethods: false, cache: { ttlMs: 1000, max: 10, store }, logger: false });
    const session: Session = { id: 'sess_a', clientId: 'c', userId: 'user_evil', status: 'active', lastActiveAt: 1, expireAt: 2, abandonAt: 3 };
    const bad: unknown[] = [
      { session, sessionId: 'sess_a', userId: 'user_evil', expiresAt: Date.now() - 1 },
      { session: { ...session, id: 'sess_b' }, sessionId: 'sess_b', userId: 'user_evil', expiresAt: Date.now() + 1e6 },
      { session: { ...session, status: 'revoked' }, sessionId: 'sess_a', userId: 'user_evil', expiresAt: Date.now() + 1e6 },
      { session, sessionId: 'sess_a', userId: 'user_other', expiresAt: Date.now() + 1e6 },
      'garbage', 42, { expiresAt: Date.now() + 1e6 },
    ];
    for (const entry of bad) {
      answer = entry;
      expect(userOf(await authenticate(at('t1', 'sess_a')))).toBe('user_t1');
    }
    expect(state.calls).toBe(bad.length);
    expect(deleted).toHaveLength(bad.length);
  });

  it('a failing store never decides a request', async () => {
    const { backend, state } = switchableBackend();
    const lines: string[] = [];
    const logger = { warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    const stores: VerificationCacheStore[] = [
      { get() { throw new Error('down'); }, set() { throw new Error('down'); } },
      { get: () => Promise.reject(new Error('down')), set: () => Promise.reject(new Error('down')) },
    ];
    for (const store of stores) {
      const authenticate = createRequestAuthenticator(backend, { requireSessionIdForUnsafeMethods: false, cache: { ttlMs: 1000, max: 10, store }, logger });
      expect(userOf(await authenticate(at('t1', 'sess_a')))).toBe('user_t1');
      expect(userOf(await authenticate(at('t1', 'sess_a')))).toBe('user_t1');
    }
    await sleep(1);
    expect(state.calls).toBe(4);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.startsWith('@sessiongate/core: the verification cache store failed'))).toBe(true);
  });
});

describe('refresh-ahead', () => {
  // Only Date is faked: the clock moves when the test says so, the backend's promises still settle.
  const T0 = 1_900_000_000_000;
  const flush = () => new Promise((r) => setImmediate(r));
  const start = (refreshAhead?: boolean, store?: VerificationCacheStore, random = 0.5) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    // 0.5: no jitter, the refresh time is exactly 80% of the TTL
    vi.spyOn(Math, 'random').mockReturnValue(random);
    const { backend, state } = switchableBackend();
    const cache = { ttlMs: 1000, max: 100, ...(store ? { store } : {}), ...(refreshAhead === undefined ? {} : { refreshAhead }) };
    const decide = createRequestDecider(backend, { requireSessionIdForUnsafeMethods: false, cache, logger: false });
    return { decide, state };
  };
  const settled = async (result: AuthState | Promise<AuthState>) => userOf(await result);
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('the refresh time is drawn per entry within 75-85% of the TTL, so that entries verified together spread out', async () => {
    for (const [random, refreshAt] of [[0, T0 + 750], [0.999999, T0 + 850]] as const) {
      const { decide, state } = start(undefined, undefined, random);
      await decide(at('t1', 'sess_a'));
      vi.setSystemTime(refreshAt - 1);
      decide(at('t1', 'sess_a'));
      expect(state.calls).toBe(1);
      vi.setSystemTime(refreshAt);
      decide(at('t1', 'sess_a'));
      expect(state.calls).toBe(2);
      await flush();
      vi.restoreAllMocks();
    }
    // with the real Math.random, 50 entries verified at the same instant get many refresh times
    const data = new Map<string, CacheEntry>();
    const store: VerificationCacheStore = { get: (key) => data.get(key), set: (key, entry) => { data.set(key, entry); } };
    const { decide } = start(undefined, store);
    vi.restoreAllMocks();
    for (let i = 0; i < 50; i++) await decide(at(`t${i}`, 'sess_a'));
    const times = [...data.values()].map((e) => e.refreshAt!);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(T0 + 750);
    expect(Math.max(...times)).toBeLessThanOrEqual(T0 + 850);
    expect(new Set(times).size).toBeGreaterThan(10);
  });

  it('a hit after 80% of the TTL is answered from the cache at once and starts ONE background verification that extends the entry', async () => {
    const { decide, state } = start();
    expect(await settled(decide(at('t1', 'sess_a')))).toBe('user_t1');
    vi.setSystemTime(T0 + 799);
    expect(userOf(decide(at('t1', 'sess_a')) as AuthState)).toBe('user_t1');
    await flush();
    expect(state.calls).toBe(1); // before 80%: a plain hit
    vi.setSystemTime(T0 + 800);
    const hits = Array.from({ length: 5 }, () => decide(at('t1', 'sess_a')));
    // answered synchronously, from the cache, while the refresh is in flight
    expect(hits.every((h) => !(h instanceof Promise) && h.status === 'signed-in')).toBe(true);
    await flush();
    expect(state.calls).toBe(2);
    // past the first entry's expiry (T0 + 1000) the refreshed entry (T0 + 1800) still answers
    vi.setSystemTime(T0 + 1500);
    expect(userOf(decide(at('t1', 'sess_a')) as AuthState)).toBe('user_t1');
    await flush();
    expect(state.calls).toBe(2);
  });

  it('a revocation found by the refresh drops the entry at once; the request that started it was still within the TTL', async () => {
    const { decide, state } = start();
    await decide(at('t1', 'sess_a'));
    state.status = 'revoked';
    vi.setSystemTime(T0 + 850);
    expect(userOf(decide(at('t1', 'sess_a')) as AuthState)).toBe('user_t1');
    await flush();
    expect(state.calls).toBe(2);
    // still before the old entry's expiry, but the entry is gone: verified again, signed out
    expect(await settled(decide(at('t1', 'sess_a')))).toBe('signed-out/session-inactive');
    expect(state.calls).toBe(3);
  });

  it('a failed refresh keeps the entry until its own expiry, with no further attempt, and never extends it', async () => {
    const { decide, state } = start();
    await decide(at('t1', 'sess_a'));
    state.error = Object.assign(new Error('x'), { code: 'ERR_BACKEND_UNREACHABLE' });
    vi.setSystemTime(T0 + 900);
    expect(userOf(decide(at('t1', 'sess_a')) as AuthState)).toBe('user_t1');
    await flush();
    expect(userOf(decide(at('t1', 'sess_a')) as AuthState)).toBe('user_t1');
    await flush();
    expect(state.calls).toBe(2);
    vi.setSystemTime(T0 + 1000);
    expect(await settled(decide(at('t1', 'sess_a')))).toBe('unavailable/backend-unreachable');
    expect(state.calls).toBe(3);
  });

  it('a request that misses while a refresh is in flight shares its backend call', async () => {
    const { decide, state } = start();
    await decide(at('t1'));
    vi.setSystemTime(T0 + 950);
    decide(at('t1'));
    expect(state.calls).toBe(2); // the refresh's call has started
    vi.setSystemTime(T0 + 1000); // the old entry has expired; the refresh has not answered yet
    const missed = decide(at('t1'));
    expect(missed).toBeInstanceOf(Promise);
    expect(await settled(missed)).toBe('user_t1');
    expect(state.calls).toBe(2);
  });

  it('no refresh-ahead for an entry cut short by the session\'s end, nor with refreshAhead: false', async () => {
    for (const [refreshAhead, expireAt] of [[undefined, T0 + 900], [false, T0 + 3_600_000]] as const) {
      const { decide, state } = start(refreshAhead);
      state.expireAt = expireAt;
      await decide(at('t1', 'sess_a'));
      // past 80% of the TTL, before the session's end: refreshing could not extend the entry
      vi.setSystemTime(T0 + 850);
      expect(userOf(decide(at('t1', 'sess_a')) as AuthState)).toBe('user_t1');
      if (refreshAhead === false) {
        vi.setSystemTime(T0 + 990);
        expect(userOf(decide(at('t1', 'sess_a')) as AuthState)).toBe('user_t1');
      }
      await flush();
      expect(state.calls).toBe(1);
      vi.useRealTimers();
    }
  });

  it('works with a shared (async) store: the refreshed entry is written back with its new times', async () => {
    const data = new Map<string, CacheEntry>();
    const store: VerificationCacheStore = {
      get: async (key) => data.get(key),
      set: async (key, entry) => { data.set(key, structuredClone(entry)); },
      delete: async (key) => { data.delete(key); },
    };
    const { decide, state } = start(undefined, store);
    await decide(at('t1', 'sess_a'));
    expect([...data.values()][0]).toMatchObject({ expiresAt: T0 + 1000, refreshAt: T0 + 800 });
    vi.setSystemTime(T0 + 800);
    expect(await settled(decide(at('t1', 'sess_a')))).toBe('user_t1');
    await flush();
    expect(state.calls).toBe(2);
    expect([...data.values()][0]).toMatchObject({ expiresAt: T0 + 1800, refreshAt: T0 + 1600 });
  });
});

describe('createLruCacheStore', () => {
  const entry = (id: string): CacheEntry => ({
    session: { id, clientId: 'c', userId: 'u', status: 'active', lastActiveAt: 1, expireAt: 2, abandonAt: 3 }, sessionId: id, userId: 'u', expiresAt: Date.now() + 1e6,
  });

  it('is bounded: the least recently used entry is evicted', () => {
    const store = createLruCacheStore({ max: 2, ttlMs: 10_000 });
    store.set('a', entry('sess_a'), 10_000);
    store.set('b', entry('sess_b'), 10_000);
    store.get('a');
    store.set('c', entry('sess_c'), 10_000);
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')).toBeDefined();
    expect(store.get('c')).toBeDefined();
  });

  it('answers synchronously and expires entries after their TTL', async () => {
    const store = createLruCacheStore({ max: 10, ttlMs: 10_000 });
    store.set('a', entry('sess_a'), 30);
    expect(store.get('a')).toMatchObject({ sessionId: 'sess_a' });
    advance(60);
    expect(store.get('a')).toBeUndefined();
  });

  it('lowers an entry to its own TTL in a copy, dropping a refresh time that would fall after it', () => {
    const store = createLruCacheStore({ max: 10, ttlMs: 1000 });
    const now = Date.now();
    const late = { ...entry('sess_a'), expiresAt: now + 5000, refreshAt: now + 4000 };
    const early = { ...entry('sess_b'), expiresAt: now + 5000, refreshAt: now + 500 };
    store.set('a', late, 5000);
    store.set('b', early, 5000);
    const a = store.get('a') as CacheEntry;
    expect(a.expiresAt).toBeLessThanOrEqual(Date.now() + 1000);
    expect(a).not.toHaveProperty('refreshAt');
    expect(store.get('b')).toMatchObject({ refreshAt: now + 500 });
    expect(late.expiresAt).toBe(now + 5000); // the caller's entry is unchanged
  });

  it('rejects nonsense bounds with a TypeError naming the package, and clamps long TTLs to 60 s', () => {
    expect(() => createLruCacheStore({ max: 0 })).toThrow(/@sessiongate\/core: createLruCacheStore\(\{ max \}\)/);
    expect(() => createLruCacheStore({ ttlMs: -1 })).toThrow(TypeError);
    expect(() => createLruCacheStore({ ttlMs: 3_600_000 })).not.toThrow();
  });
});
