// The cache store contract (test-support/cache-store-contract.ts) against the core's own
// in-process LRU store; packages/redis runs the same suite against the Redis store.
import { describeCacheStoreContract } from '../../../test-support/cache-store-contract.js';
import { createLruCacheStore } from '../src/cache/index.js';

describeCacheStoreContract('createLruCacheStore', () => ({ store: createLruCacheStore({ max: 100, ttlMs: 60_000 }) }));
