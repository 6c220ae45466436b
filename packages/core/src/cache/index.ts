export { createLruCacheStore, clampTtl } from './create-lru-cache-store.js';
export type { LruCacheStoreOptions } from './create-lru-cache-store.js';
export { DEFAULT_CACHE_MAX, DEFAULT_CACHE_TTL_MS, MAX_CACHE_TTL_MS, REFRESH_AHEAD_FRACTION, REFRESH_AHEAD_JITTER } from './verification-cache-store.js';
export type { CacheEntry, VerificationCacheStore } from './verification-cache-store.js';
