import { randomUUID } from 'node:crypto';
import type { CacheEntry, VerificationCacheStore } from '@sessiongate/core';
import { decodeEntry, encodeEntry } from './lib/entry-codec.js';
import { createFrontCache } from './lib/front-cache.js';
import { createHealth, isReplyError } from './lib/health.js';
import { keySpace } from './lib/keys.js';
import { withTimeout } from './lib/op-timeout.js';
import type { OwnedClient, RedisLikeClient, SubscribableClient, SubscriberClient } from './lib/redis-like.js';
import { DELETE_INDEXED, RELEASE_LOCK, SET_ENTRY, type Script } from './lib/scripts.js';
import { parseOptions, type RedisCacheStoreOptions } from './options.js';

/** Counters since the store was created: what a request costs in Redis round-trips. */
export interface RedisCacheStoreStats {
  /** Commands sent to Redis (a script is one). */
  commands: number;
  /** Reads answered with a usable entry (from Redis or the front cache). */
  hits: number;
  /** Reads that found nothing usable, were skipped, failed or timed out. */
  misses: number;
  /** Operations that failed or timed out. */
  failures: number;
  /** Reads answered by another instance's verification (coalesce: true). */
  coalesced: number;
}

/** A {@link VerificationCacheStore} in Redis, shared by every instance that points at it. */
export interface RedisCacheStore extends VerificationCacheStore {
  get(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Drops the session's entries on every instance; rejects when Redis could not be told. */
  deleteBySession(sessionId: string): Promise<void>;
  /** Drops the user's entries on every instance; rejects when Redis could not be told. */
  deleteByUser(userId: string): Promise<void>;
  /**
   * Called by the core when a verification of `key` stored nothing: with `coalesce`, releases the
   * lock this instance took for it, so that waiting instances verify themselves at once.
   */
  settle(key: string, outcome?: 'signed-in' | 'signed-out' | 'unavailable'): Promise<void>;
  /**
   * Resolves once the store's connection (for `{ url }`) is first made; at once for `{ client }`.
   * Never needed: until then reads are misses. For apps that want a warm start, and for tests.
   */
  ready(): Promise<void>;
  /** Counters since creation (see {@link RedisCacheStoreStats}). */
  stats(): RedisCacheStoreStats;
  /** Stops the store: closes the connection it created for `{ url }`, never a client it was given. */
  close(): Promise<void>;
}

/** How long an invalidated session or user is not stored again (a verification begun before it, anywhere). */
const TOMBSTONE_MS = 10_000;
/** An invalidation is not on a request's path: it may wait longer than a read. */
const INVALIDATION_TIMEOUT_MS = 2_000;
/** Most coalescing locks one instance remembers holding (each is released by its next set or settle). */
const MAX_HELD_LOCKS = 10_000;

/**
 * A verification cache store in Redis, for apps that run many instances: a session verified by
 * one instance is a hit on all of them, and `invalidateSession` / `invalidateUser` on any instance
 * drops it everywhere. A Redis failure (down, slower than `opTimeoutMs`, refusing writes, a value
 * it did not write) is a miss: the request is verified with the Backend API as if there were no
 * cache, and the store logs once per outage and once on recovery.
 *
 * @example
 * import { Clerk } from '@sessiongate/core';
 * import { createRedisCacheStore } from '@sessiongate/redis';
 *
 * const store = createRedisCacheStore({ url: process.env.REDIS_URL, coalesce: true });
 * const clerk = new Clerk({ cache: { ttlMs: 10_000, store } });
 */
export function createRedisCacheStore(options: RedisCacheStoreOptions): RedisCacheStore {
  const o = parseOptions(options);
  const keys = keySpace(o.keyPrefix);
  const instanceId = randomUUID();
  const log = o.logger === false ? () => {} : (level: 'warn' | 'error', message: string) => o.logger && o.logger[level](`${__PKG_NAME__}: ${message}`);
  const stats: RedisCacheStoreStats = { commands: 0, hits: 0, misses: 0, failures: 0, coalesced: 0 };

  let client: RedisLikeClient;
  let owned: Owned | undefined;
  let closed = false;
  // until the store's own connection is first made, not being connected is no outage
  let starting = false;
  if (o.client !== undefined) {
    client = o.client;
  } else {
    starting = true;
    owned = createOwnedClient(o.url!, (error) => {
      starting = false;
      health.failed(error);
    }, log);
    void owned.connected.then(() => (starting = false));
    client = owned;
  }
  const health = createHealth(client, o.probeIntervalMs, o.opTimeoutMs, log);

  /** One command, bounded by `ms`; never queued while the client is not connected. */
  const send = (args: string[], ms = o.opTimeoutMs): Promise<unknown> => {
    if (closed) return Promise.reject(new Error('closed'));
    if (!client.isReady) return Promise.reject(new Error('not connected'));
    stats.commands++;
    let pending: Promise<unknown>;
    try {
      pending = client.sendCommand(args);
    } catch (error) {
      return Promise.reject(error);
    }
    return withTimeout(pending, ms);
  };

  const runScript = async (script: Script, keyArgs: string[], argv: string[], ms?: number): Promise<unknown> => {
    const tail = [String(keyArgs.length), ...keyArgs, ...argv];
    try {
      return await send(['EVALSHA', script.sha, ...tail], ms);
    } catch (error) {
      if (!(isReplyError(error) && /^NOSCRIPT\b/.test((error as Error).message))) throw error;
      return send(['EVAL', script.source, ...tail], ms);
    }
  };

  /** A failure on the request path: a reply error is Redis refusing; anything else, Redis gone. */
  const onReadFailure = (error: unknown) => {
    stats.failures++;
    if (!isReplyError(error) && !starting) health.failed(error);
  };
  const onWriteFailure = (error: unknown) => {
    stats.failures++;
    if (isReplyError(error)) health.writeRefused(error);
    else if (!starting) health.failed(error);
  };

  // the optional in-process front cache, dropped on every instance through pub/sub
  const front = o.frontCache === false ? undefined : createFrontCache(o.frontCache.max);
  const frontTtl = o.frontCache === false ? 0 : o.frontCache.ttlMs;
  const keepInFront = (key: string, entry: CacheEntry, ttlMs: number) => {
    if (front !== undefined && ttlMs >= 1) front.set(key, entry, Math.min(frontTtl, ttlMs));
  };
  let subscriber: SubscriberClient | undefined;
  if (front !== undefined) {
    subscriber = subscribe(client as SubscribableClient, keys.channel, instanceId, {
      drop: (kind, id) => (kind === 'session' ? front.deleteBySession(id) : front.deleteByUser(id)),
      // messages sent while the subscriber was away are lost: start again from an empty front cache
      resync: () => front.clear(),
    }, log);
  }

  // concurrent reads of one key share one round-trip (and, with coalesce, one lock attempt)
  const reading = new Map<string, Promise<CacheEntry | undefined>>();
  // the keys whose coalescing lock this instance took on a miss and has not given up yet (set()
  // stores the entry and drops the lock, settle() drops it): only those are worth a release.
  // Bounded: a forgotten one only means waiters sit out the lock's own PX.
  const heldLocks = new Set<string>();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const readThrough = async (key: string): Promise<CacheEntry | undefined> => {
    const entryKey = keys.entry(key);
    let raw: unknown;
    try {
      raw = await send(['GET', entryKey]);
    } catch (error) {
      onReadFailure(error);
      return undefined;
    }
    const found = usable(raw, entryKey);
    if (found !== undefined || !o.coalesce) return found;
    // coalesce: the instance that takes the lock verifies; the others wait for its entry
    let locked: unknown;
    try {
      locked = await send(['SET', keys.lock(key), instanceId, 'NX', 'PX', String(o.coalesceWaitMs)]);
    } catch (error) {
      onWriteFailure(error);
      return undefined;
    }
    if (locked !== null) {
      if (heldLocks.size >= MAX_HELD_LOCKS) heldLocks.clear();
      heldLocks.add(key);
      return undefined;
    }
    for (let polls = Math.ceil(o.coalesceWaitMs / o.coalescePollMs); polls > 0; polls--) {
      await sleep(o.coalescePollMs);
      let answer: unknown;
      try {
        answer = await send(['MGET', entryKey, keys.lock(key)]);
      } catch (error) {
        onReadFailure(error);
        return undefined;
      }
      if (!Array.isArray(answer)) return undefined;
      const shared = usable(answer[0], entryKey);
      if (shared !== undefined) {
        stats.coalesced++;
        return shared;
      }
      // the lock is gone without an entry: the verification was not signed in, or failed
      if (answer[1] === null) return undefined;
    }
    return undefined;
  };

  /** A stored value as an entry; anything else is a miss, deleted (quietly) when present. */
  const usable = (raw: unknown, entryKey: string): CacheEntry | undefined => {
    if (raw === null || raw === undefined) return undefined;
    const entry = decodeEntry(raw, Date.now());
    if (entry === undefined) send(['DEL', entryKey]).then(undefined, onWriteFailure);
    return entry;
  };

  const get = (key: string): CacheEntry | undefined | Promise<CacheEntry | undefined> => {
    if (front !== undefined) {
      const hit = front.get(key, Date.now());
      if (hit !== undefined) {
        stats.hits++;
        return hit;
      }
    }
    if (!health.up || closed) {
      stats.misses++;
      return undefined;
    }
    let pending = reading.get(key);
    if (pending === undefined) {
      pending = readThrough(key).then((entry) => {
        reading.delete(key);
        // the entry's Redis TTL is not read back: its own expiry bounds the front copy
        if (entry !== undefined) keepInFront(key, entry, entry.expiresAt - Date.now());
        return entry;
      });
      reading.set(key, pending);
    }
    return pending.then((entry) => {
      if (entry === undefined) stats.misses++;
      else stats.hits++;
      return entry;
    });
  };

  const set = async (key: string, entry: CacheEntry, ttlMs: number): Promise<void> => {
    // never longer than asked, nor past the entry's own expiry
    const ttl = Math.floor(Math.min(ttlMs, entry.expiresAt - Date.now()));
    heldLocks.delete(key);
    if (!(ttl >= 1)) return;
    keepInFront(key, entry, ttl);
    if (!health.up || closed) return;
    try {
      await runScript(
        SET_ENTRY,
        [keys.entry(key), keys.session(entry.sessionId), keys.user(entry.userId), keys.lock(key), keys.sessionTombstone(entry.sessionId), keys.userTombstone(entry.userId)],
        [encodeEntry(entry), String(ttl)],
      );
      health.writeAccepted();
    } catch (error) {
      // logged here, once per outage: the core would log a set failure once per process
      onWriteFailure(error);
    }
  };

  const remove = async (key: string): Promise<void> => {
    front?.delete(key);
    if (!health.up || closed) return;
    try {
      await send(['DEL', keys.entry(key)]);
    } catch (error) {
      onWriteFailure(error);
    }
  };

  const invalidate = async (kind: 'session' | 'user', id: string): Promise<void> => {
    if (typeof id !== 'string' || id === '') {
      throw new TypeError(`${__PKG_NAME__}: deleteBy${kind === 'session' ? 'Session(sessionId)' : 'User(userId)'} needs a non-empty string`);
    }
    // a read that started before the invalidation must not be shared with one after it
    reading.clear();
    if (kind === 'session') front?.deleteBySession(id);
    else front?.deleteByUser(id);
    const [index, tombstone] = kind === 'session' ? [keys.session(id), keys.sessionTombstone(id)] : [keys.user(id), keys.userTombstone(id)];
    // not skipped while Redis looks down: an invalidation that did not happen must say so
    await runScript(DELETE_INDEXED, [index, tombstone], [String(TOMBSTONE_MS)], Math.max(o.opTimeoutMs, INVALIDATION_TIMEOUT_MS));
    if (front !== undefined) {
      await send(['PUBLISH', keys.channel, JSON.stringify({ from: instanceId, kind, id })], Math.max(o.opTimeoutMs, INVALIDATION_TIMEOUT_MS));
    }
  };

  /**
   * The core's verification of `key` ended without an entry (signed out, unavailable, or an
   * answer it would not keep). With `coalesce`, the lock this instance took for it is released
   * at once, so that other instances waiting for an entry stop waiting and verify themselves
   * instead of sitting out `coalesceWaitMs`. Nothing else is written: no negative answer is ever
   * kept in Redis.
   */
  const settle = async (key: string): Promise<void> => {
    // a lock this instance does not hold (another instance's, or none) is not ours to release
    if (!heldLocks.delete(key) || !health.up || closed) return;
    try {
      await runScript(RELEASE_LOCK, [keys.lock(key)], [instanceId]);
    } catch (error) {
      // the lock expires by itself after coalesceWaitMs
      onWriteFailure(error);
    }
  };

  return {
    get,
    set,
    settle,
    delete: remove,
    deleteBySession: (sessionId) => invalidate('session', sessionId),
    deleteByUser: (userId) => invalidate('user', userId),
    stats: () => ({ ...stats }),
    ready: () => (owned === undefined ? Promise.resolve() : owned.connected),
    async close() {
      if (closed) return;
      closed = true;
      health.stop();
      await Promise.all([quit(subscriber), quit(owned)]);
    },
  };
}

interface Owned extends OwnedClient {
  /** Resolves once the first connection is made (retried meanwhile); never rejects. */
  readonly connected: Promise<void>;
}

function createOwnedClient(url: string, onError: (error: unknown) => void, log: (level: 'warn' | 'error', message: string) => void): Owned {
  let client: OwnedClient | undefined;
  // loaded on first use, so that a store given a client never loads the redis package
  const ready = import('redis').then(({ createClient }) => {
    const created = createClient({
      url,
      // a request never waits for a reconnection: commands fail at once while disconnected
      disableOfflineQueue: true,
      socket: { connectTimeout: 2_000, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 6), 2_000) },
    }) as unknown as OwnedClient;
    // an unhandled 'error' event would end the process; the outage is logged once by the store
    created.on('error', onError);
    client = created;
    return created;
  });
  ready.then(undefined, () => log('error', "the 'redis' package could not be loaded; the cache is off."));
  let resolveConnected!: () => void;
  const connected = new Promise<void>((resolve) => (resolveConnected = resolve));
  void ready.then((c) => {
    c.on('ready', () => resolveConnected());
    c.connect().then(undefined, () => {});
  }, () => {});
  return {
    connected,
    get isReady() {
      return client?.isReady ?? false;
    },
    sendCommand: (args) => (client === undefined ? Promise.reject(new Error('not connected')) : client.sendCommand(args)),
    duplicate: () => lazySubscriber(ready),
    on: () => undefined,
    connect: () => ready,
    destroy: () => {
      if (client !== undefined) destroy(client);
      else void ready.then(destroy, () => {});
    },
  };
}

/** A subscriber that exists once the client it duplicates does. */
function lazySubscriber(ready: Promise<OwnedClient>): SubscriberClient {
  let sub: SubscriberClient | undefined;
  let destroyed = false;
  const listeners: Array<[event: 'error' | 'ready', listener: (...args: unknown[]) => void]> = [];
  const made = ready.then((client) => {
    sub = client.duplicate();
    for (const [event, listener] of listeners) sub.on(event, listener);
    if (destroyed) destroy(sub);
    return sub;
  });
  return {
    get isReady() {
      return sub?.isReady ?? false;
    },
    on(event, listener) {
      listeners.push([event, listener]);
      sub?.on(event, listener);
    },
    connect: () => made.then((s) => s.connect()),
    subscribe: (channel, listener) => made.then((s) => s.subscribe(channel, listener)),
    destroy() {
      destroyed = true;
      if (sub !== undefined) destroy(sub);
    },
  };
}

interface FrontControl {
  drop(kind: 'session' | 'user', id: string): unknown;
  resync(): void;
}

function subscribe(
  client: SubscribableClient,
  channel: string,
  instanceId: string,
  front: FrontControl,
  log: (level: 'warn' | 'error', message: string) => void,
): SubscriberClient | undefined {
  if (typeof client.duplicate !== 'function') {
    log('warn', 'the given client has no duplicate(): the front cache is not dropped by other instances, only by its TTL.');
    return undefined;
  }
  const sub = client.duplicate();
  let wasReady = false;
  sub.on('error', () => {});
  sub.on('ready', () => {
    if (wasReady) front.resync();
    wasReady = true;
  });
  const onMessage = (message: string) => {
    try {
      const { from, kind, id } = JSON.parse(message) as { from?: unknown; kind?: unknown; id?: unknown };
      if (from === instanceId || typeof id !== 'string') return;
      if (kind === 'session' || kind === 'user') front.drop(kind, id);
    } catch {
      // not ours: ignored
    }
  };
  sub.connect().then(
    () => sub.subscribe(channel, onMessage),
    () => {},
  ).then(undefined, () => {});
  return sub;
}

function destroy(client: { destroy?(): void; disconnect?(): Promise<void> }): void {
  try {
    if (typeof client.destroy === 'function') client.destroy();
    else void client.disconnect?.().then(undefined, () => {});
  } catch {
    // already closed
  }
}

async function quit(client: { destroy?(): void; disconnect?(): Promise<void> } | undefined): Promise<void> {
  if (client !== undefined) destroy(client);
}
