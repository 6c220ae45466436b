import { createRedisCacheStore } from '@sessiongate/redis';
import { startExpress } from './express.mjs';
import { startFastify } from './fastify.mjs';
import { startHono } from './hono.mjs';
import { startKoa } from './koa.mjs';
import { startNodeHttp } from './node-http.mjs';
import { isRedis } from './client-options.mjs';

export { OPT_IN_VARIANTS, VARIANTS } from './client-options.mjs';

const STARTERS = {
  express: startExpress,
  fastify: startFastify,
  koa: startKoa,
  hono: startHono,
  'node:http': startNodeHttp,
};

/**
 * Framework name -> `start(variant, { apiUrl, apiKey, redisUrl?, redisOptions? })` resolving
 * `{ url, close(), stats?() }`. The `redis` and `redis-front` variants get their own Redis cache store on `redisUrl`
 * (`createRedisCacheStore({ url, ...redisOptions })`, the store's defaults otherwise: a 50 ms
 * deadline per operation, no front cache, no coalescing), connected before the app answers and
 * closed with it; `stats()` is the store's counters.
 */
export const FRAMEWORKS = Object.fromEntries(
  Object.entries(STARTERS).map(([name, start]) => [name, (variant, backend) => (isRedis(variant) ? startWithRedis(start, variant, backend) : start(variant, backend))]),
);

const READY_MS = 10_000;

async function startWithRedis(start, variant, backend) {
  if (typeof backend.redisUrl !== 'string') throw new TypeError('@sessiongate/bench: the redis variant needs a Redis URL (BENCH_REDIS_URL)');
  // redis-front: the store's in-process front cache (its defaults: 1 000 entries, 1 s)
  const store = createRedisCacheStore({ url: backend.redisUrl, ...(variant === 'redis-front' && { frontCache: true }), ...backend.redisOptions });
  let app;
  try {
    let timer;
    await Promise.race([
      store.ready(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`@sessiongate/bench: Redis not reached within ${READY_MS} ms`)), READY_MS))),
    ]).finally(() => clearTimeout(timer));
    app = await start(variant, { ...backend, store });
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    url: app.url,
    async close() {
      try {
        await app.close();
      } finally {
        await store.close();
      }
    },
    stats: () => store.stats(),
  };
}
