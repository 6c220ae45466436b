import { createUndiciTransport } from '@sessiongate/core';

/**
 * The variants every framework app is started in. `baseline` mounts no auth at all; `minimal`
 * is a reference, not the adapter: see `minimal-hit.mjs`.
 */
export const VARIANTS = ['baseline', 'cached', 'minimal', 'network', 'network-no-keepalive'];

/**
 * Variants that need more than the emulator, asked for by name only (`--variants …,redis`):
 * `redis` is the `cached` variant with its entries in a Redis store (`@sessiongate/redis`), so
 * every request makes a Redis round-trip instead of an in-process lookup (see `index.mjs`).
 */
export const OPT_IN_VARIANTS = ['redis'];

/**
 * Client options of one variant (null for the baseline). Every variant talks to the emulator with
 * the default pool size. `cached` uses the core's opt-in cache with its defaults, spelled out:
 * a 5 s TTL (refresh-ahead, on by default, verifies a hot entry again in the background after
 * 4 s) and 10 000 entries; `minimal` uses the same options for its misses. `redis` has the same
 * TTL (and refresh-ahead) with `store`, a Redis cache store made by the caller.
 */
export function clientOptions(variant, { apiUrl, apiKey, store }) {
  const base = { apiUrl, apiKey, logger: false };
  switch (variant) {
    case 'baseline':
      return null;
    case 'network':
      return base;
    case 'network-no-keepalive':
      return { ...base, transport: createUndiciTransport({ keepAlive: false }) };
    case 'cached':
    case 'minimal':
      return { ...base, cache: { ttlMs: 5_000, max: 10_000 } };
    case 'redis':
      if (store === undefined) throw new TypeError('@sessiongate/bench: the redis variant needs a cache store');
      return { ...base, cache: { ttlMs: 5_000, store } };
    default:
      throw new TypeError(`@sessiongate/bench: unknown variant ${JSON.stringify(variant)}`);
  }
}
