import { describe, expect, it } from 'vitest';
import type { CacheEntry } from '@sessiongate/core';
import { createRedisCacheStore } from '../src/index.js';
import { eventually, recordedStore, silentServer, useRedisServer } from './helpers.js';

const server = useRedisServer();

let n = 0;
const prefix = () => `t${++n}:`;
const entryOf = (sessionId: string, userId = 'user_1', expiresIn = 60_000): CacheEntry => ({
  session: { id: sessionId, clientId: 'client_1', userId, status: 'active', lastActiveAt: 1, expireAt: Date.now() + 3_600_000, abandonAt: Date.now() + 7_200_000 },
  sessionId,
  userId,
  expiresAt: Date.now() + expiresIn,
});
const KEY = 'Q2hhbmdlZEhhc2hPZlRoZVRva2VuTm90VGhlVG9rZW4x:sess_a';

describe('keys and values', () => {
  it('keeps the core key under the prefix, with the session and user index sets, and PX never past the TTL asked', async () => {
    const keyPrefix = prefix();
    const { store } = recordedStore({ client: server.admin, keyPrefix, opTimeoutMs: 5_000 });
    await store.set(KEY, entryOf('sess_a'), 3_000);
    expect((await server.admin.keys(`${keyPrefix}*`)).sort()).toEqual([`${keyPrefix}s:sess_a`, `${keyPrefix}u:user_1`, `${keyPrefix}v:${KEY}`]);
    const pttl = await server.admin.pTTL(`${keyPrefix}v:${KEY}`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(3_000);
    // the index sets live as long as their longest entry, no longer
    for (const index of [`${keyPrefix}s:sess_a`, `${keyPrefix}u:user_1`]) {
      const t = await server.admin.pTTL(index);
      expect(t).toBeGreaterThan(0);
      expect(t).toBeLessThanOrEqual(3_000);
    }
    await store.set('other:sess_a', entryOf('sess_a'), 20_000);
    expect(await server.admin.pTTL(`${keyPrefix}s:sess_a`)).toBeGreaterThan(3_000);
    // an entry that ends sooner than the TTL asked is kept until its own end only
    await store.set('short:sess_b', entryOf('sess_b', 'user_1', 2_000), 60_000);
    expect(await server.admin.pTTL(`${keyPrefix}v:short:sess_b`)).toBeLessThanOrEqual(2_000);
    // and an already expired entry is not stored at all
    await store.set('gone:sess_c', entryOf('sess_c', 'user_1', -1), 60_000);
    expect(await server.admin.exists(`${keyPrefix}v:gone:sess_c`)).toBe(0);
  });

  it('index sets expire with their entries', async () => {
    const keyPrefix = prefix();
    const { store } = recordedStore({ client: server.admin, keyPrefix, opTimeoutMs: 5_000 });
    await store.set(KEY, entryOf('sess_a'), 30);
    expect(await eventually(async () => (await server.admin.keys(`${keyPrefix}*`)).length === 0)).toBe(true);
  });

  it('a value it did not write (garbage, another version, inconsistent, expired) is a miss and is deleted', async () => {
    const keyPrefix = prefix();
    const { store, lines } = recordedStore({ client: server.admin, keyPrefix, opTimeoutMs: 5_000 });
    const good = entryOf('sess_a');
    const bad = [
      'garbage',
      '{"v":1}',
      JSON.stringify({ v: 2, entry: good }),
      JSON.stringify({ v: 1, entry: { ...good, userId: 'user_evil' } }),
      JSON.stringify({ v: 1, entry: { ...good, session: { ...good.session, id: 'sess_b' } } }),
      JSON.stringify({ v: 1, entry: { ...good, expiresAt: Date.now() - 1 } }),
      JSON.stringify({ v: 1, entry: { ...good, session: { ...good.session, lastActiveAt: 'x' } } }),
    ];
    for (const value of bad) {
      await server.admin.set(`${keyPrefix}v:${KEY}`, value);
      expect(await store.get(KEY)).toBeUndefined();
      expect(await eventually(async () => (await server.admin.exists(`${keyPrefix}v:${KEY}`)) === 0)).toBe(true);
    }
    // a hash where a string was expected (WRONGTYPE) is a miss too, not an outage
    await server.admin.hSet(`${keyPrefix}v:${KEY}`, 'x', '1');
    expect(await store.get(KEY)).toBeUndefined();
    expect(lines).toEqual([]);
    expect(store.stats()).toMatchObject({ hits: 0, misses: bad.length + 1 });
  });

  it('never writes the token: only the hashed key the core gives it', async () => {
    const keyPrefix = prefix();
    const { store } = recordedStore({ client: server.admin, keyPrefix, opTimeoutMs: 5_000 });
    await store.set(KEY, entryOf('sess_a'), 5_000);
    const values = await Promise.all((await server.admin.keys(`${keyPrefix}*`)).map((k) => server.admin.type(k)));
    expect(values.sort()).toEqual(['set', 'set', 'string']);
  });

  it('an invalidated session is not stored again for a while (a verification begun before it, on any instance)', async () => {
    const keyPrefix = prefix();
    const { store } = recordedStore({ client: server.admin, keyPrefix, opTimeoutMs: 5_000 });
    await store.set(KEY, entryOf('sess_a'), 5_000);
    await store.deleteBySession('sess_a');
    await store.set(KEY, entryOf('sess_a'), 5_000);
    expect(await store.get(KEY)).toBeUndefined();
    await store.deleteByUser('user_2');
    await store.set('k:sess_x', entryOf('sess_x', 'user_2'), 5_000);
    expect(await store.get('k:sess_x')).toBeUndefined();
    await store.set('k:sess_y', entryOf('sess_y', 'user_3'), 5_000);
    expect(await store.get('k:sess_y')).toMatchObject({ sessionId: 'sess_y' });
  });
});

describe('connections', () => {
  it('{ client }: close() never closes the app\'s client; { url }: close() closes its own', async () => {
    const { store } = recordedStore({ client: server.admin, keyPrefix: prefix() });
    await store.close();
    expect(await server.admin.ping()).toBe('PONG');
    const before = (await server.admin.clientList()).length;
    const own = createRedisCacheStore({ url: server.redis.url, keyPrefix: prefix(), logger: false });
    await own.ready();
    expect((await server.admin.clientList()).length).toBe(before + 1);
    await own.close();
    expect(await eventually(async () => (await server.admin.clientList()).length === before)).toBe(true);
    // a closed store is a miss, never an error
    expect(await own.get(KEY)).toBeUndefined();
  });

  it('a Redis that never answers: every read is a miss after opTimeoutMs, logged once', async () => {
    const silent = await silentServer();
    try {
      const { store, lines } = recordedStore({ url: silent.url, opTimeoutMs: 50 });
      // the TCP connection is accepted, the handshake is never answered: the client is never ready
      for (let i = 0; i < 5; i++) expect(await store.get(KEY)).toBeUndefined();
      await store.set(KEY, entryOf('sess_a'), 1_000);
      expect(store.stats().hits).toBe(0);
      expect(lines.length).toBeLessThanOrEqual(1);
      await store.close();
    } finally {
      await silent.close();
    }
  });

  it('rejects misuse with a TypeError naming the package and the option, never its value', () => {
    expect(() => createRedisCacheStore({} as never)).toThrow(/^@sessiongate\/redis: createRedisCacheStore\(options\) give exactly one of/);
    expect(() => createRedisCacheStore({ url: 'http://x' })).toThrow(/\{ url \}/);
    expect(() => createRedisCacheStore({ url: 'redis://:hunter2@x', client: server.admin })).toThrow(TypeError);
    expect(() => createRedisCacheStore({ url: 'redis://:hunter2@x', client: server.admin })).not.toThrow(/hunter2/);
    expect(() => createRedisCacheStore({ client: {} as never })).toThrow(/\{ client \} must be a node-redis client/);
    expect(() => createRedisCacheStore({ client: server.admin, opTimeoutMs: 0 })).toThrow(/opTimeoutMs/);
    expect(() => createRedisCacheStore({ client: server.admin, coalesce: { waitMs: -1 } })).toThrow(/coalesce/);
    expect(() => createRedisCacheStore({ client: server.admin, bogus: 1 } as never)).toThrow(TypeError);
  });
});
