import { createUndiciTransport } from '@sessiongate/core';

/**
 * The variants every framework app is started in. `baseline` mounts no auth at all; `minimal`
 * is a reference, not the adapter: see `minimal-hit.mjs`.
 */
export const VARIANTS = ['baseline', 'cached', 'minimal', 'network', 'network-no-keepalive'];

/**
 * Client options of one variant (null for the baseline). Every variant talks to the emulator with
 * the default pool size. `cached` uses the core's opt-in cache with its defaults, spelled out:
 * a 5 s TTL (refresh-ahead, on by default, verifies a hot entry again in the background after
 * 4 s) and 10 000 entries; `minimal` uses the same options for its misses.
 */
export function clientOptions(variant, { apiUrl, apiKey }) {
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
    default:
      throw new TypeError(`@sessiongate/bench: unknown variant ${JSON.stringify(variant)}`);
  }
}
