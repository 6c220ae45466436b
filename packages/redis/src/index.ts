export { createRedisCacheStore } from './create-redis-cache-store.js';
export type { RedisCacheStore, RedisCacheStoreStats } from './create-redis-cache-store.js';
export type { RedisCacheStoreOptions } from './options.js';
export type { RedisLikeClient } from './lib/redis-like.js';
