import * as z from 'zod';
import type { RedisLikeClient } from './lib/redis-like.js';

export interface RedisCacheStoreOptions {
  /** `redis://…` / `rediss://…`: the store creates the connection, and closes it with `close()`. */
  url?: string;
  /**
   * An app's own node-redis client (`createClient()` from `redis`, v4 or later), connected by the
   * app. The store never closes it, and never waits on it: while it is not ready, reads are misses.
   */
  client?: RedisLikeClient;
  /** Prefix of every key and of the pub/sub channel. Default `sessiongate:`. */
  keyPrefix?: string;
  /** The longest a request waits for one Redis operation before it is a miss. Default 50. */
  opTimeoutMs?: number;
  /**
   * Cross-instance coalescing. Default false. With `true`, a miss takes a short lock
   * (`SET NX PX`): the instance that gets it verifies, the others poll for its entry up to
   * `waitMs` (default 1000, every `pollMs`, default 20) and then verify themselves.
   */
  coalesce?: boolean | { waitMs?: number; pollMs?: number };
  /**
   * A small in-process cache in front of Redis. Default false. Entries live at most `ttlMs`
   * (default 1000) there; invalidations reach every instance's front cache through pub/sub.
   */
  frontCache?: boolean | { max?: number; ttlMs?: number };
  /** While Redis is down, how often (ms) one PING looks for its return. Default 1000. */
  probeIntervalMs?: number;
  /** Where the outage and recovery lines go. Default `console`; false: nowhere. */
  logger?: Pick<Console, 'warn' | 'error'> | false;
}

export interface ParsedOptions {
  url?: string;
  client?: RedisLikeClient;
  keyPrefix: string;
  opTimeoutMs: number;
  coalesce: boolean;
  coalesceWaitMs: number;
  coalescePollMs: number;
  frontCache: false | { max: number; ttlMs: number };
  probeIntervalMs: number;
  logger: Pick<Console, 'warn' | 'error'> | false;
}

const ms = (max: number) => z.number().int().min(1).max(max);

const schema = z
  .object({
    url: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
    client: z
      .custom<RedisLikeClient>(
        (v) => typeof v === 'object' && v !== null && typeof (v as RedisLikeClient).sendCommand === 'function' && 'isReady' in v,
        'must be a node-redis client (createClient() from redis)',
      )
      .optional(),
    keyPrefix: z.string().max(200).optional(),
    opTimeoutMs: ms(60_000).optional(),
    coalesce: z.union([z.boolean(), z.strictObject({ waitMs: ms(60_000).optional(), pollMs: ms(10_000).optional() })]).optional(),
    frontCache: z.union([z.boolean(), z.strictObject({ max: z.number().int().min(1).optional(), ttlMs: ms(60_000).optional() })]).optional(),
    probeIntervalMs: ms(600_000).optional(),
    logger: z
      .union([z.literal(false), z.custom<Pick<Console, 'warn' | 'error'>>((v) => typeof v === 'object' && v !== null && typeof (v as Console).warn === 'function' && typeof (v as Console).error === 'function')])
      .optional(),
  })
  .strict()
  .refine((o) => (o.url === undefined) !== (o.client === undefined), 'give exactly one of { url } and { client }');

/** Options checked once; a TypeError naming the package and the option otherwise. */
export function parseOptions(options: RedisCacheStoreOptions): ParsedOptions {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    // the message names the option, never its value (a URL may hold a password)
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length > 0 ? `{ ${issue.path.join('.')} }` : '(options)';
    throw new TypeError(`${__PKG_NAME__}: createRedisCacheStore${path} ${issue.message}`);
  }
  const o = parsed.data;
  const coalesce = typeof o.coalesce === 'object' ? o.coalesce : {};
  const front = o.frontCache === true ? {} : o.frontCache;
  return {
    ...(o.url !== undefined && { url: o.url }),
    ...(o.client !== undefined && { client: o.client }),
    keyPrefix: o.keyPrefix ?? 'sessiongate:',
    opTimeoutMs: o.opTimeoutMs ?? 50,
    coalesce: o.coalesce !== undefined && o.coalesce !== false,
    coalesceWaitMs: coalesce.waitMs ?? 1_000,
    coalescePollMs: coalesce.pollMs ?? 20,
    frontCache: front === undefined || front === false ? false : { max: front.max ?? 1_000, ttlMs: front.ttlMs ?? 1_000 },
    probeIntervalMs: o.probeIntervalMs ?? 1_000,
    logger: o.logger ?? console,
  };
}
