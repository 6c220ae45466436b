import { afterAll, beforeAll } from 'vitest';
import { describeCacheStoreContract } from '../../../test-support/cache-store-contract.js';
import { createRedisCacheStore } from '../src/index.js';
import { adminClient, type Admin } from './helpers.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

// The contract suite the core runs against its in-process LRU (packages/core/test/
// cache-store-contract.test.ts), here against Redis (owning its connection, given an app's
// client, and with the front cache), over a real redis-server.
let redis: RedisServer;
let admin: Admin;
beforeAll(async () => {
  redis = await startRedisServer();
  admin = await adminClient(redis.url);
});
afterAll(async () => {
  admin?.destroy();
  await redis?.stop();
});

describeCacheStoreContract('createRedisCacheStore({ client })', async () => {
  const client = await adminClient(redis.url);
  const store = createRedisCacheStore({ client, keyPrefix: `c${Math.random().toString(36).slice(2)}:`, opTimeoutMs: 5_000, logger: false });
  return {
    store,
    cleanup: async () => {
      await store.close();
      client.destroy();
    },
  };
});

describeCacheStoreContract('createRedisCacheStore({ url, frontCache })', async () => {
  const store = createRedisCacheStore({ url: redis.url, keyPrefix: `u${Math.random().toString(36).slice(2)}:`, opTimeoutMs: 5_000, frontCache: true, logger: false });
  await store.ready();
  return { store, cleanup: () => store.close() };
});
