import { createUndiciTransport } from '@sessiongate/core';

/**
 * The variants every framework app is started in. `baseline` mounts no auth at all; `minimal`
 * and `networkless-minimal` are references, not the adapter: see `minimal-hit.mjs`. The
 * `networkless*` variants are requested with a session JWT instead of the client token.
 */
export const VARIANTS = ['baseline', 'cached', 'minimal', 'network', 'network-minimal', 'network-no-keepalive', 'networkless', 'networkless-uncached', 'networkless-minimal'];

/** Whether `variant` is a reference (minimal-hit.mjs; network-minimal.mjs without a cache) rather than the adapter. */
export const isMinimal = (variant) => variant === 'minimal' || variant === 'network-minimal' || variant === 'networkless-minimal';

/** Whether `variant` keeps its cache in Redis (`@sessiongate/redis`, with or without its front cache). */
export const isRedis = (variant) => variant === 'redis' || variant === 'redis-front';

/** Whether `variant` verifies session JWTs locally (its requests carry a JWT, not a client token). */
export const isNetworkless = (variant) => variant.startsWith('networkless');

/**
 * Variants that need more than the emulator, asked for by name only (`--variants …,redis`):
 * `redis` is the `cached` variant with its entries in a Redis store (`@sessiongate/redis`), so
 * every request makes a Redis round-trip instead of an in-process lookup (see `index.mjs`).
 */
export const OPT_IN_VARIANTS = ['redis', 'redis-front'];

/**
 * Client options of one variant (null for the baseline). Every variant talks to the emulator with
 * the default pool size. `cached` uses the core's opt-in cache with a 60 s TTL (the
 * configuration of the measurement in issue 18; refresh-ahead, on by default, falls due after
 * 45 s, never inside a slice) and 10 000 entries; `minimal` caches its hits for the same 60 s
 * and sends its misses to the core with the cache off; `network-minimal` has no cache and makes
 * its own backend call for every request (network-minimal.mjs). `redis` has a 5 s TTL (and
 * refresh-ahead) with `store`, a Redis cache store made by the caller. `networkless` verifies
 * session JWTs against the emulator's JWKS (fetched once) with the core's verified-token cache;
 * `networkless-uncached` without that cache; `networkless-minimal` caches its hits for 60 s by the
 * SHA-256 of the JWT and sends its misses to the core (networkless, no token cache).
 */
export function clientOptions(variant, { apiUrl, apiKey, store }) {
  const base = { apiUrl, apiKey, logger: false };
  switch (variant) {
    case 'baseline':
      return null;
    case 'network':
    case 'network-minimal':
      return base;
    case 'network-no-keepalive':
      return { ...base, transport: createUndiciTransport({ keepAlive: false }) };
    case 'cached':
    case 'minimal':
      return { ...base, cache: { ttlMs: 60_000, max: 10_000 } };
    case 'networkless':
      return { ...base, verification: 'networkless' };
    case 'networkless-uncached':
      return { ...base, verification: 'networkless', tokenCache: false };
    case 'networkless-minimal':
      return { ...base, verification: 'networkless', tokenCache: false, cache: { ttlMs: 60_000, max: 10_000 } };
    case 'redis':
    case 'redis-front':
      if (store === undefined) throw new TypeError('@sessiongate/bench: the redis variant needs a cache store');
      return { ...base, cache: { ttlMs: 5_000, store } };
    default:
      throw new TypeError(`@sessiongate/bench: unknown variant ${JSON.stringify(variant)}`);
  }
}
