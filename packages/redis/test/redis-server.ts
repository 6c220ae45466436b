// Typed access to the shared real-redis-server helper (test-support/redis-server.mjs).
export interface RedisServer {
  url: string;
  port: number;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

// @ts-expect-error: a plain .mjs module without declarations, typed here
import { freePort as freePortUntyped, startRedisServer as startUntyped } from '../../../test-support/redis-server.mjs';

export const startRedisServer = startUntyped as (options?: { args?: string[] }) => Promise<RedisServer>;
export const freePort = freePortUntyped as () => Promise<number>;
