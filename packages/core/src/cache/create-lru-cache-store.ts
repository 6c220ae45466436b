import { LRUCache } from 'lru-cache';
import {
  DEFAULT_CACHE_MAX,
  DEFAULT_CACHE_TTL_MS,
  MAX_CACHE_TTL_MS,
  type CacheEntry,
  type VerificationCacheStore,
} from './verification-cache-store.js';

export interface LruCacheStoreOptions {
  /** Most entries kept (least recently used evicted first). Default 10 000. */
  max?: number;
  /** Default time to live in ms, clamped to 1..60 000. Default 5 000. */
  ttlMs?: number;
}

/**
 * The default {@link VerificationCacheStore}: a bounded, in-process LRU (lru-cache) whose entries
 * expire after their TTL. Synchronous, so cache hits never wait for a microtask.
 *
 * Expiry is kept in each entry's own `expiresAt` (lowered to this store's TTL on `set`) and
 * checked on `get`, rather than by lru-cache's TTL machinery, which reads the clock and arms a
 * timer on the hot path; an expired entry is deleted when read, or evicted as least recently used.
 * `deleteBySession` / `deleteByUser` drop a session's or user's entries through an index by id.
 *
 * @example
 * import { Clerk, createLruCacheStore } from '@sessiongate/core';
 * const clerk = new Clerk({ cache: { store: createLruCacheStore({ max: 50_000, ttlMs: 2_000 }) } });
 */
export function createLruCacheStore(options: LruCacheStoreOptions = {}): VerificationCacheStore {
  const max = options.max ?? DEFAULT_CACHE_MAX;
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new TypeError(`${__PKG_NAME__}: createLruCacheStore({ max }) must be a positive integer`);
  }
  const ttl = clampTtl(options.ttlMs ?? DEFAULT_CACHE_TTL_MS, 'createLruCacheStore({ ttlMs })');
  // secondary indexes for deleteBySession / deleteByUser, kept in step by lru-cache's dispose
  // (called on eviction, delete and overwrite alike)
  const bySession = new Map<string, Set<string>>();
  const byUser = new Map<string, Set<string>>();
  const lru = new LRUCache<string, CacheEntry>({
    max,
    dispose: (entry, key) => {
      unindex(bySession, entry.sessionId, key);
      unindex(byUser, entry.userId, key);
    },
  });
  const store = (key: string, entry: CacheEntry): void => {
    lru.set(key, entry);
    index(bySession, entry.sessionId, key);
    index(byUser, entry.userId, key);
  };
  const deleteAll = (keys: Set<string> | undefined): void => {
    if (keys === undefined) return;
    for (const key of [...keys]) lru.delete(key);
  };
  const lookup = (key: string, now: number): CacheEntry | undefined => {
    const entry = lru.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > now) return entry;
    lru.delete(key);
    return undefined;
  };
  return {
    maxTtlMs: ttl,
    lookup,
    get: (key) => lookup(key, Date.now()),
    set: (key, entry, ttlMs) => {
      const deadline = Date.now() + Math.min(ttl, clampTtl(ttlMs, 'set(ttlMs)'));
      if (!(entry.expiresAt > deadline)) {
        store(key, entry);
        return;
      }
      // lowered in a copy, so that the caller's entry is never changed; a refresh-ahead time
      // that would now fall after the expiry is dropped
      const { refreshAt, ...rest } = entry;
      store(key, refreshAt !== undefined && refreshAt < deadline ? { ...rest, expiresAt: deadline, refreshAt } : { ...rest, expiresAt: deadline });
    },
    delete: (key) => {
      lru.delete(key);
    },
    deleteBySession: (sessionId) => deleteAll(bySession.get(sessionId)),
    deleteByUser: (userId) => deleteAll(byUser.get(userId)),
  };
}

function index(map: Map<string, Set<string>>, id: string, key: string): void {
  const keys = map.get(id);
  if (keys === undefined) map.set(id, new Set([key]));
  else keys.add(key);
}

function unindex(map: Map<string, Set<string>>, id: string, key: string): void {
  const keys = map.get(id);
  if (keys === undefined) return;
  keys.delete(key);
  if (keys.size === 0) map.delete(id);
}

/** A TTL as a whole number of ms in 1..{@link MAX_CACHE_TTL_MS}; TypeError when not a positive number. */
export function clampTtl(ttlMs: number, what: string): number {
  if (typeof ttlMs !== 'number' || !(ttlMs > 0)) {
    throw new TypeError(`${__PKG_NAME__}: ${what} must be a positive number of milliseconds`);
  }
  return Math.max(1, Math.min(MAX_CACHE_TTL_MS, Math.floor(ttlMs)));
}
