import { describeCacheStoreContract } from '../../../test-support/cache-store-contract.js';
import { createRedisCacheStore } from '../src/index.js';
import { adminClient, useRedisServer } from './helpers.js';

// The contract suite the core runs against its in-process LRU (packages/core/test/
// cache-store-contract.test.ts), here against Redis (owning its connection, given an app's
// client, and with the front cache), over a real redis-server.
const server = useRedisServer();

describeCacheStoreContract('createRedisCacheStore({ client })', async () => {
  const client = await adminClient(server.redis.url);
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
  const store = createRedisCacheStore({ url: server.redis.url, keyPrefix: `u${Math.random().toString(36).slice(2)}:`, opTimeoutMs: 5_000, frontCache: true, logger: false });
  await store.ready();
  return { store, cleanup: () => store.close() };
});
