import type { AuthState, SignedInState } from '../auth-state.js';
import { signedInState } from '../authorization/signed-in-state.js';
import type { Verify } from '../backend-verify.js';
import { isSessionLike } from '../backend-verify.js';
import { createCoalescer } from '../coalesce.js';
import { sgError } from '../errors.js';
import type { LogOnce } from '../lib/log-once.js';
import type { Session } from '../domain/session.js';
import { clampTtl, createLruCacheStore } from './create-lru-cache-store.js';
import { REFRESH_AHEAD_FRACTION, REFRESH_AHEAD_JITTER, type CacheEntry, type VerificationCacheStore } from './verification-cache-store.js';

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

/**
 * `verify` behind the verification cache. A hit is answered without a backend call: synchronously
 * from a store with `lookup` (the in-process LRU) or a synchronous `get`. A signed-in answer is
 * stored, never past the session's own end; failures are never stored. A store that throws,
 * rejects or answers garbage is a miss. Refresh-ahead: a hit on an entry whose `refreshAt` has
 * passed starts one background verification (shared with any miss meanwhile); signed out, the
 * entry is deleted; unavailable, it is served until its own expiry.
 */
/** Drops every cached verification of a session or a user; rejects when the store failed to. */
export interface CacheInvalidation {
  invalidateSession(sessionId: string): Promise<void>;
  invalidateUser(userId: string): Promise<void>;
}

/** A cached verify and the way to invalidate its entries. */
export interface VerificationCache extends CacheInvalidation {
  verify: CachedVerify;
}

export function withVerificationCache(verify: Verify, options: VerificationCacheOptions, log: LogOnce): VerificationCache {
  const store = options.store ?? createLruCacheStore({ max: options.max, ttlMs: options.ttlMs });
  // a store caps entries to its own TTL: the refresh time must fall within it
  const ttlMs = Math.min(clampTtl(options.ttlMs, 'cache.ttlMs'), store.maxTtlMs ?? Infinity);
  const refreshAfter = Math.floor(ttlMs * REFRESH_AHEAD_FRACTION);
  const refreshAfterMs = options.refreshAhead === false || refreshAfter < 1 ? undefined : refreshAfter;
  const refreshJitterMs = Math.floor(ttlMs * REFRESH_AHEAD_JITTER);
  const hasLookup = typeof store.lookup === 'function';
  const coalescer = createCoalescer<AuthState>();

  // Invalidation epochs. Every invalidation bumps `generation` and records it for its session or
  // user; a verification that started before it must not store its (possibly stale) answer. The
  // generation is also part of the coalescing key, so that a request arriving after an
  // invalidation never joins a call that started before it. The records only matter while a
  // verification is in flight: they are cleared when none is.
  let generation = 0;
  let inFlight = 0;
  const sessionsInvalidatedAt = new Map<string, number>();
  const usersInvalidatedAt = new Map<string, number>();
  const invalidatedSince = (state: SignedInState, startedAt: number): boolean =>
    (sessionsInvalidatedAt.get(state.sessionId) ?? -1) > startedAt || (usersInvalidatedAt.get(state.userId) ?? -1) > startedAt;

  const verifyAndStore = async (token: string, sessionId: string | null, key: string): Promise<AuthState> => {
    const startedAt = generation;
    let state: AuthState;
    inFlight++;
    try {
      state = await verify(token, sessionId);
    } finally {
      inFlight--;
    }
    const stale = state.status === 'signed-in' && invalidatedSince(state, startedAt);
    if (inFlight === 0) {
      sessionsInvalidatedAt.clear();
      usersInvalidatedAt.clear();
    }
    // answered to the callers that were already waiting, but never kept
    if (state.status !== 'signed-in' || stale) return state;
    const now = Date.now();
    // never past the session's own expiry: a cached session must not outlive it
    const expiresAt = Math.min(now + ttlMs, sessionEndsAt(state.session));
    if (!(expiresAt > now)) return state;
    const entry: CacheEntry = { session: { ...state.session }, sessionId: state.sessionId, userId: state.userId, expiresAt };
    // no refresh-ahead for an entry cut short by the session's own end: it cannot be extended
    if (refreshAfterMs !== undefined && expiresAt === now + ttlMs) {
      // jittered, so that entries verified in the same burst are not all refreshed in one
      entry.refreshAt = now + refreshAfterMs + Math.round((Math.random() * 2 - 1) * refreshJitterMs);
    }
    quietly(
      () => store.set(key, entry, expiresAt - now),
      () => log('cacheSet', 'warn', 'the verification cache store failed to set an entry; continuing without it.'),
    );
    return state;
  };

  const network = (token: string, sessionId: string | null, key: string): Promise<AuthState> =>
    coalescer.run(`${key}#${generation}`, () => verifyAndStore(token, sessionId, key)).then(copyForCaller);

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
    const runKey = `${key}#${generation}`;
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
    const state = readEntry(found, sessionId, now);
    if (state !== undefined) {
      refreshIfDue(found as CacheEntry, now, token, sessionId, key);
      return state;
    }
    if (found !== undefined) forget(key);
    return network(token, sessionId, key);
  };

  const missOnStoreFailure = (token: string, sessionId: string | null, key: string): Promise<AuthState> => {
    log('cacheGet', 'warn', 'the verification cache store failed to answer; verifying with the backend instead.');
    return network(token, sessionId, key);
  };

  const invalidate = async (
    kind: 'session' | 'user',
    id: string,
    records: Map<string, number>,
    drop: ((id: string) => void | Promise<void>) | undefined,
  ): Promise<void> => {
    if (typeof id !== 'string' || id === '') {
      throw new TypeError(`${__PKG_NAME__}: invalidate${kind === 'session' ? 'Session(sessionId)' : 'User(userId)'} needs a non-empty string`);
    }
    generation++;
    if (inFlight > 0) records.set(id, generation);
    if (drop === undefined) {
      log(
        `invalidate-${kind}`,
        'warn',
        `the verification cache store has no deleteBy${kind === 'session' ? 'Session' : 'User'}(); cached verifications are kept until their TTL.`,
      );
      return;
    }
    try {
      await drop.call(store, id);
    } catch {
      // no cause: a store's own error may name its connection string or password
      throw sgError('ERR_CACHE_INVALIDATION_FAILED', `the verification cache store failed to drop a ${kind}'s entries`);
    }
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
    invalidateSession: (sessionId) => invalidate('session', sessionId, sessionsInvalidatedAt, store.deleteBySession),
    invalidateUser: (userId) => invalidate('user', userId, usersInvalidatedAt, store.deleteByUser),
  };
}

/** A cache entry becomes a fresh signed-in state, or `undefined` (a miss) when it is unusable. */
function readEntry(found: unknown, sessionId: string | null, now: number): SignedInState | undefined {
  if (typeof found !== 'object' || found === null) return undefined;
  const entry = found as Partial<CacheEntry>;
  if (typeof entry.expiresAt !== 'number' || !(entry.expiresAt > now)) return undefined;
  if (typeof entry.sessionId !== 'string' || typeof entry.userId !== 'string' || entry.userId === '') return undefined;
  if (sessionId !== null && entry.sessionId !== sessionId) return undefined;
  const session = entry.session;
  if (!isSessionLike(session) || session.status !== 'active' || session.id !== entry.sessionId || session.userId !== entry.userId) {
    return undefined;
  }
  return signedInFrom(entry as CacheEntry);
}

/** A fresh signed-in state (and session object) per request: callers may mutate theirs. */
function signedInFrom(entry: CacheEntry): SignedInState {
  return signedInState({ ...entry.session });
}

/**
 * When the session stops being valid (the earlier of `expireAt` and `abandonAt`, in ms), or
 * `Infinity` when the backend gave no usable time. The 2021 API answered in seconds, today's in ms:
 * values below 10^11 (before 1973 in ms) are read as seconds.
 */
function sessionEndsAt(session: Session): number {
  let end = Infinity;
  for (const t of [session.expireAt, session.abandonAt]) {
    if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) continue;
    end = Math.min(end, t < 1e11 ? t * 1000 : t);
  }
  return end;
}

/** Concurrent callers share one decision; each gets its own signed-in object to mutate. */
function copyForCaller(state: AuthState): AuthState {
  return state.status === 'signed-in' ? { ...state, session: { ...state.session } } : state;
}

/** Calls a store operation; a synchronous throw or a rejection calls `onFailure` instead of escaping. */
function quietly(operation: () => unknown, onFailure: () => void): void {
  try {
    const pending = operation();
    if (isPromiseLike(pending)) pending.then(undefined, onFailure);
  } catch {
    onFailure();
  }
}

function ignore(): void {}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}
