import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { createClient } from 'redis';
import { createRedisCacheStore, type RedisCacheStore, type RedisCacheStoreOptions } from '../src/index.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

/** A client for the test itself: to look at keys, write garbage, DEBUG SLEEP, CONFIG SET. */
export async function adminClient(url: string) {
  const client = createClient({ url, socket: { reconnectStrategy: (n) => Math.min(50 * (n + 1), 500) } });
  client.on('error', () => {});
  await client.connect();
  return client;
}

export type Admin = Awaited<ReturnType<typeof adminClient>>;

/** A real redis-server and an admin client of it for a file's tests: started before them, stopped after. */
export function useRedisServer(): { redis: RedisServer; admin: Admin } {
  const server = {} as { redis: RedisServer; admin: Admin };
  beforeAll(async () => {
    server.redis = await startRedisServer();
    server.admin = await adminClient(server.redis.url);
  });
  afterAll(async () => {
    server.admin?.destroy();
    await server.redis?.stop();
  });
  return server;
}

/** A store whose outage lines are recorded. */
export function recordedStore(options: RedisCacheStoreOptions): { store: RedisCacheStore; lines: string[] } {
  const lines: string[] = [];
  const logger = { warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
  return { store: createRedisCacheStore({ logger, ...options }), lines };
}

/** Resolves once `check()` is true, polling every 20 ms at most `times` times; false if it never was. */
export async function eventually(check: () => boolean | Promise<boolean>, times = 500): Promise<boolean> {
  for (let i = 0; i < times; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

/** A TCP server that accepts connections and never answers (a Redis that hangs). */
export async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
