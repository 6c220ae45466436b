import type { AuthState, SignedInState } from '../auth-state.js';
import { signedInState } from '../authorization/signed-in-state.js';
import type { Verify } from '../backend/verify.js';
import { createCoalescer } from '../coalesce.js';
import type { LogOnce } from '../lib/log-once.js';
import { copyForCaller, entryFor, isUsableEntry, type EntryTimes } from './cache-entry.js';
import { clampTtl, createLruCacheStore } from './create-lru-cache-store.js';
import { InvalidationEpochs, type CacheInvalidation } from './invalidation-epochs.js';
import { ignore, isPromiseLike, quietly } from './store-calls.js';
import { REFRESH_AHEAD_FRACTION, REFRESH_AHEAD_JITTER, type CacheEntry, type VerificationCacheStore } from './verification-cache-store.js';

export type { CacheInvalidation } from './invalidation-epochs.js';

/** A verification by key: the state itself on a synchronous hit, a promise otherwise. */
export type CachedVerify = (token: string, sessionId: string | null, key: string) => AuthState | Promise<AuthState>;

export interface VerificationCacheOptions {
  ttlMs: number;
  max: number;
  store?: VerificationCacheStore;
  /** Default true: see `ClerkOptions.cache`. */
  refreshAhead?: boolean;
}

/**
 * Concurrent identical verifications share one call; each caller gets its own copy of a
 * signed-in state. The path without a cache.
 */
export function coalesced(verify: Verify): CachedVerify {
  const coalescer = createCoalescer<AuthState>();
  return (token, sessionId, key) => coalescer.run(key, () => verify(token, sessionId)).then(copyForCaller);
}

/** A cached verify and the way to invalidate its entries. */
export interface VerificationCache extends CacheInvalidation {
  verify: CachedVerify;
}

/**
 * `verify` behind the verification cache. A hit is answered without a backend call: synchronously
 * from a store with `lookup` (the in-process LRU) or a synchronous `get`. A signed-in answer is
 * stored, never past the session's own end; failures are never stored. A store that throws,
 * rejects or answers garbage is a miss. Refresh-ahead: a hit on an entry whose `refreshAt` has
 * passed starts one background verification (shared with any miss meanwhile); signed out, the
 * entry is deleted; unavailable, it is served until its own expiry.
 */
export function withVerificationCache(verify: Verify, options: VerificationCacheOptions, log: LogOnce): VerificationCache {
  const store = options.store ?? createLruCacheStore({ max: options.max, ttlMs: options.ttlMs });
  // a store caps entries to its own TTL: the refresh time must fall within it
  const ttlMs = Math.min(clampTtl(options.ttlMs, 'cache.ttlMs'), store.maxTtlMs ?? Infinity);
  const refreshAfter = Math.floor(ttlMs * REFRESH_AHEAD_FRACTION);
  const times: EntryTimes = {
    ttlMs,
    refreshAfterMs: options.refreshAhead === false || refreshAfter < 1 ? undefined : refreshAfter,
    refreshJitterMs: Math.floor(ttlMs * REFRESH_AHEAD_JITTER),
  };
  const hasLookup = typeof store.lookup === 'function';
  const coalescer = createCoalescer<AuthState>();
  const epochs = new InvalidationEpochs(store, log);

  const verifyAndStore = async (token: string, sessionId: string | null, key: string): Promise<AuthState> => {
    const startedAt = epochs.begin();
    let state: AuthState;
    try {
      state = await verify(token, sessionId);
    } finally {
      epochs.end();
    }
    const stale = epochs.settle(state, startedAt);
    // answered to the callers that were already waiting, but never kept
    if (state.status !== 'signed-in' || stale) return nothingStored(key, state);
    const now = Date.now();
    const entry = entryFor(state, now, times);
    if (entry === undefined) return nothingStored(key, state);
    quietly(
      () => store.set(key, entry, entry.expiresAt - now),
      () => log('cacheSet', 'warn', 'the verification cache store failed to set an entry; continuing without it.'),
    );
    return state;
  };

  /** Tells a store that can use it (`settle`) that no entry is coming for `key`. */
  const nothingStored = (key: string, state: AuthState): AuthState => {
    if (store.settle !== undefined) quietly(() => store.settle!(key, state.status), ignore);
    return state;
  };

  const network = (token: string, sessionId: string | null, key: string): Promise<AuthState> =>
    coalescer.run(`${key}#${epochs.generation}`, () => verifyAndStore(token, sessionId, key)).then(copyForCaller);

  // a stale entry that cannot be deleted is still never used
  const forget = (key: string): void => {
    if (store.delete !== undefined) quietly(() => store.delete!(key), ignore);
  };

  /** Re-stores an entry as it was, minus its refresh-ahead time: one background attempt per entry. */
  const keepUntilExpiry = (key: string, entry: CacheEntry): void => {
    const left = entry.expiresAt - Date.now();
    if (!(left >= 1)) return;
    const { refreshAt: _dropped, ...kept } = entry;
    quietly(() => store.set(key, kept, left), ignore);
  };

  const refreshIfDue = (entry: CacheEntry, now: number, token: string, sessionId: string | null, key: string): void => {
    const { refreshAt } = entry;
    // the check alone, small enough to be inlined into every hit; the refresh is rare
    if (typeof refreshAt === 'number' && refreshAt <= now) refresh(entry, token, sessionId, key);
  };

  const refresh = (entry: CacheEntry, token: string, sessionId: string | null, key: string): void => {
    const runKey = `${key}#${epochs.generation}`;
    if (coalescer.has(runKey)) return;
    coalescer.run(runKey, () => verifyAndStore(token, sessionId, key)).then(
      (state) => {
        if (state.status === 'signed-out') forget(key);
        else if (state.status === 'unavailable') keepUntilExpiry(key, entry);
      },
      () => keepUntilExpiry(key, entry),
    );
  };

  const fromStore = (found: unknown, token: string, sessionId: string | null, key: string): AuthState | Promise<AuthState> => {
    const now = Date.now();
    if (isUsableEntry(found, sessionId, now)) {
      const state = signedInFrom(found);
      refreshIfDue(found, now, token, sessionId, key);
      return state;
    }
    if (found !== undefined) forget(key);
    return network(token, sessionId, key);
  };

  const missOnStoreFailure = (token: string, sessionId: string | null, key: string): Promise<AuthState> => {
    log('cacheGet', 'warn', 'the verification cache store failed to answer; verifying with the backend instead.');
    return network(token, sessionId, key);
  };

  const cachedVerify: CachedVerify = function cachedVerify(token, sessionId, key) {
    if (hasLookup) {
      // one clock reading per hit, for the expiry and the refresh-ahead time alike
      const now = Date.now();
      const entry = store.lookup!(key, now);
      // the key holds the session id, so a hit is for the session asked; checked all the same
      if (entry !== undefined && (sessionId === null || entry.sessionId === sessionId)) {
        refreshIfDue(entry, now, token, sessionId, key);
        return signedInFrom(entry);
      }
      return network(token, sessionId, key);
    }
    let found: unknown;
    try {
      found = store.get(key);
    } catch {
      return missOnStoreFailure(token, sessionId, key);
    }
    if (isPromiseLike(found)) {
      return Promise.resolve(found).then(
        (value) => fromStore(value, token, sessionId, key),
        () => missOnStoreFailure(token, sessionId, key),
      );
    }
    return fromStore(found, token, sessionId, key);
  };

  return {
    verify: cachedVerify,
    invalidateSession: (sessionId) => epochs.invalidateSession(sessionId),
    invalidateUser: (userId) => epochs.invalidateUser(userId),
  };
}

/** A fresh signed-in state (and session object) per request: callers may mutate theirs. */
function signedInFrom(entry: CacheEntry): SignedInState {
  return signedInState({ ...entry.session });
}
