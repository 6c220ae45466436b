import { expect, it } from 'vitest';
import type { CacheEntry } from '@sessiongate/core';
import { ANSWERED_MS } from '../../../test-support/deadlines.js';
import { createRedisCacheStore } from '../src/index.js';
import { eventually, useRedisServer } from './helpers.js';

const server = useRedisServer();

const entryOf = (sessionId: string, userId: string): CacheEntry => ({
  session: { id: sessionId, clientId: 'client_1', userId, status: 'active', lastActiveAt: 1, expireAt: Date.now() + 3_600_000, abandonAt: Date.now() + 7_200_000 },
  sessionId,
  userId,
  expiresAt: Date.now() + 60_000,
});

it('coalesce: one instance takes the lock and misses; another waits and gets the entry the first stored', async () => {
  const opts = { client: server.admin, keyPrefix: 'co1:', opTimeoutMs: ANSWERED_MS, coalesce: { waitMs: ANSWERED_MS }, logger: false as const };
  const [a, b] = [createRedisCacheStore(opts), createRedisCacheStore(opts)];
  expect(await a.get('h:sess_a')).toBeUndefined(); // a holds the lock: a verifies
  const waiting = b.get('h:sess_a');
  await a.set('h:sess_a', entryOf('sess_a', 'user_1'), 60_000);
  expect(await waiting).toMatchObject({ sessionId: 'sess_a', userId: 'user_1' });
  expect(b.stats().coalesced).toBe(1);
  expect(await server.admin.exists('co1:l:h:sess_a')).toBe(0); // the entry released the lock
  // another token's key is another lock: never answered with this user's entry
  expect(await b.get('other:sess_a')).toBeUndefined();
});

it('coalesce: when the lock holder stores nothing, the waiter stops at the lock\'s end and verifies itself (no deadlock)', async () => {
  const opts = { client: server.admin, keyPrefix: 'co2:', opTimeoutMs: ANSWERED_MS, coalesce: { waitMs: 100, pollMs: 10 }, logger: false as const };
  const [a, b] = [createRedisCacheStore(opts), createRedisCacheStore(opts)];
  expect(await a.get('h:sess_a')).toBeUndefined();
  expect(await b.get('h:sess_a')).toBeUndefined();
  expect(b.stats().coalesced).toBe(0);
});

it('coalesce: a lock holder whose verification stored nothing releases the lock (settle), and the waiter verifies itself at once', async () => {
  // a 60 s lock: without the release the waiter would outlive the test's own timeout
  const opts = { client: server.admin, keyPrefix: 'co3:', opTimeoutMs: ANSWERED_MS, coalesce: { waitMs: 60_000, pollMs: 10 }, logger: false as const };
  const [a, b] = [createRedisCacheStore(opts), createRedisCacheStore(opts)];
  expect(await a.get('h:sess_a')).toBeUndefined(); // a holds the lock
  const waiting = b.get('h:sess_a');
  // b cannot release a's lock, and does not even ask Redis (it never held it)
  const sent = b.stats().commands;
  await b.settle('h:sess_a', 'signed-out');
  expect(b.stats().commands).toBe(sent);
  expect(await server.admin.exists('co3:l:h:sess_a')).toBe(1);
  await a.settle('h:sess_a', 'signed-out');
  expect(await server.admin.exists('co3:l:h:sess_a')).toBe(0);
  expect(await waiting).toBeUndefined();
  expect(b.stats().coalesced).toBe(0);
  // nothing was stored for the key: no negative answer is kept
  expect(await server.admin.exists('co3:v:h:sess_a')).toBe(0);
});

it('front cache: a hit is synchronous; an invalidation on another instance drops it through pub/sub', async () => {
  const opts = { url: server.redis.url, keyPrefix: 'fr:', opTimeoutMs: ANSWERED_MS, frontCache: { ttlMs: 60_000 }, logger: false as const };
  const [a, b] = [createRedisCacheStore(opts), createRedisCacheStore(opts)];
  await Promise.all([a.ready(), b.ready()]);
  // both subscribed (the channel has two subscribers) before the test goes on
  expect(await eventually(async () => ((await server.admin.pubSubNumSub('fr:invalidate'))['fr:invalidate'] ?? 0) === 2)).toBe(true);
  await a.set('h:sess_a', entryOf('sess_a', 'user_1'), 60_000);
  expect(await b.get('h:sess_a')).toMatchObject({ sessionId: 'sess_a' }); // from Redis, now in b's front cache
  const sync = b.get('h:sess_a');
  expect(sync).not.toBeInstanceOf(Promise);
  expect(sync).toMatchObject({ sessionId: 'sess_a' });
  await a.deleteBySession('sess_a');
  expect(await eventually(() => b.get('h:sess_a') instanceof Promise)).toBe(true);
  expect(await b.get('h:sess_a')).toBeUndefined();
  await Promise.all([a.close(), b.close()]);
});
