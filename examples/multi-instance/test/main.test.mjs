import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAll } from '../main.mjs';

let all;
beforeAll(async () => {
  // deadlines no busy machine reaches: the counts must not depend on its speed
  all = await startAll({ opTimeoutMs: 15_000, coalesceWaitMs: 15_000 });
});
afterAll(async () => {
  await all?.close();
});

it('three instances, one Redis: a burst of 300 requests over 10 sessions makes at most 10 backend calls, each for its own user; a revocation on A is a 401 on B and C', async () => {
  const { burst, revocation } = await all.run();
  expect(burst.requests).toBe(300);
  expect(burst.wrongUser).toBe(0);
  expect(burst.non200).toBe(0);
  expect(burst.backendCalls).toBeGreaterThanOrEqual(1);
  expect(burst.backendCalls).toBeLessThanOrEqual(10);
  expect(revocation).toEqual({ cachedBeforeInvalidation: 200, afterInvalidation: { B: 401, C: 401 } });
});
