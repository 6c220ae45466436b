import type { Session } from '../domain/session.js';

/**
 * One cached verification: only ever a signed-in result. `expiresAt` (ms since the epoch) is
 * checked again on read, so a store that keeps entries longer than asked never extends a session.
 * A shared store must serialise and restore it faithfully (JSON works when `session` is plain data).
 */
export interface CacheEntry {
  session: Session;
  sessionId: string;
  userId: string;
  expiresAt: number;
  /**
   * When (ms since the epoch) a hit should start verifying the entry again in the background
   * (refresh-ahead), while it is still served until `expiresAt`. Absent: no refresh-ahead.
   */
  refreshAt?: number;
}

/**
 * Where verified sessions are kept between requests. The default is an in-process LRU
 * ({@link createLruCacheStore}); apps with many instances can plug in a shared store (Redis…).
 * Keys are `sha256(token) + ':' + sessionId` (or `*` for last-active): never a token, never an id alone.
 * Answer synchronously when you can: a synchronous hit skips a microtask hop. Errors and
 * rejections are treated as a miss (get) or ignored (set): the cache never decides a request.
 *
 * @example
 * const store: VerificationCacheStore = {
 *   async get(key) { const v = await redis.get(`sg:${key}`); return v ? JSON.parse(v) : undefined; },
 *   async set(key, entry, ttlMs) { await redis.set(`sg:${key}`, JSON.stringify(entry), 'PX', ttlMs); },
 *   async delete(key) { await redis.del(`sg:${key}`); },
 * };
 * const clerk = new Clerk({ cache: { ttlMs: 5000, store } });
 */
export interface VerificationCacheStore {
  get(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry, ttlMs: number): void | Promise<void>;
  delete?(key: string): void | Promise<void>;
  /**
   * Optional: a synchronous `get` against a clock reading (`now`, ms since the epoch) the caller
   * already has, so that a hit reads the clock once. A store that has it promises to return only
   * entries it was given through `set`, unchanged, and none that expired at `now`; its hits are
   * then served as they are, without the checks a `get` result goes through. Only an in-process
   * store can keep that promise: {@link createLruCacheStore} has it.
   */
  lookup?(key: string, now: number): CacheEntry | undefined;
  /** Optional: the longest time (ms) the store keeps an entry; refresh-ahead times are drawn within it. */
  readonly maxTtlMs?: number;
  /**
   * Optional: drops every entry whose `sessionId` is this one (a revoked, ended or removed
   * session, from a webhook). A shared store does it for every instance at once. Without it,
   * `invalidateSession` logs once and does nothing: entries live until their TTL.
   */
  deleteBySession?(sessionId: string): void | Promise<void>;
  /** Optional: drops every entry whose `userId` is this one (an updated or deleted user). See `deleteBySession`. */
  deleteByUser?(userId: string): void | Promise<void>;
  /**
   * Optional: called after a miss on `key` was verified and nothing was stored for it (the
   * outcome was not signed in, or not kept). A store that makes other callers wait for the entry
   * of a key it missed (a shared store coalescing across instances) lets them go at once instead
   * of waiting for an entry that will not come. Never a reason to store a negative answer.
   */
  settle?(key: string, outcome: 'signed-in' | 'signed-out' | 'unavailable'): void | Promise<void>;
}

/** Default time a verification stays cached: short, so a revocation is seen within 5 s. */
export const DEFAULT_CACHE_TTL_MS = 5_000;
/** Upper bound on the TTL: longer values are clamped (a revoked session must not live on). */
export const MAX_CACHE_TTL_MS = 60_000;
/** Refresh-ahead starts once about this fraction of an entry's TTL has passed. */
export const REFRESH_AHEAD_FRACTION = 0.8;
/**
 * ± this fraction of the TTL, drawn per entry: entries verified together (a burst of sign-ins,
 * a restart) would otherwise be verified again together, every time, in one burst of calls.
 */
export const REFRESH_AHEAD_JITTER = 0.05;
/** Default bound on the number of cached verifications. */
export const DEFAULT_CACHE_MAX = 10_000;
