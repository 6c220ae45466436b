import { importJWK, type CryptoKey } from 'jose';
import * as z from 'zod';
import type { KeyLookup, KeySource } from './key-source.js';

/** Longest wait after a failed JWKS fetch before the next attempt (outage: no stampede). */
const FAILURE_BACKOFF_MS = 1000;
const MAX_KEYS = 50;

const jwkSchema = z.looseObject({
  kty: z.string(),
  kid: z.string().min(1).max(256).optional(),
  alg: z.string().optional(),
  use: z.string().optional(),
  n: z.string().max(4096).optional(),
  e: z.string().max(64).optional(),
});
/** The Backend API's `GET /jwks` answer. */
export const jwksSchema = z.looseObject({ keys: z.array(z.unknown()).max(MAX_KEYS) });

export interface JwksKeySourceOptions {
  /** Fetches the JWKS (parsed JSON); rejects on any failure. */
  fetchJwks: () => Promise<unknown>;
  /** Min interval between refetches caused by an unknown `kid`. */
  refetchIntervalMs: number;
  /** After this age, a known key triggers one background refresh (old keys kept if it fails). */
  maxAgeMs: number;
  /** Told about every failed fetch (never given a secret). */
  onFailure: (error: unknown) => void;
  now?: () => number;
}

/**
 * Verification keys from the Backend API's JWKS: fetched once and cached; concurrent first
 * requests share one fetch; an unknown `kid` triggers at most one refetch per interval; a fetch
 * that fails (down, slow, garbage, no usable RS256 key) keeps the previous keys, and with none
 * the answer is `unavailable`.
 */
export function createJwksKeySource(o: JwksKeySourceOptions): KeySource {
  const now = o.now ?? Date.now;
  let keys: Map<string, KeyLookup> | undefined;
  let fetchedAt = 0;
  let lastAttemptAt = -Infinity;
  let lastUnknownRefetchAt = -Infinity;
  let lastFetchFailed = false;
  let inflight: Promise<boolean> | undefined;

  const refresh = (): Promise<boolean> => {
    if (inflight) return inflight;
    lastAttemptAt = now();
    inflight = o
      .fetchJwks()
      .then(importKeySet)
      .then(
        (next) => {
          keys = next;
          fetchedAt = now();
          lastFetchFailed = false;
          return true;
        },
        (error: unknown) => {
          lastAttemptAt = now(); // the backoff runs from the failure, however long it took
          lastFetchFailed = true;
          o.onFailure(error);
          return false;
        },
      )
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };

  const settle = async (kid: string | undefined, pending: Promise<boolean>): Promise<KeyLookup> => {
    const ok = await pending;
    const found = kid === undefined ? undefined : keys?.get(kid);
    if (found) return found;
    return ok ? UNKNOWN : UNAVAILABLE;
  };

  return {
    lookup(kid) {
      const found = kid === undefined ? undefined : keys?.get(kid);
      const t = now();
      if (found) {
        if (t - fetchedAt > o.maxAgeMs && !inflight && t - lastAttemptAt > FAILURE_BACKOFF_MS) void refresh();
        return found;
      }
      if (inflight) return settle(kid, inflight);
      if (keys === undefined) {
        if (t - lastAttemptAt < Math.min(FAILURE_BACKOFF_MS, o.refetchIntervalMs)) return UNAVAILABLE;
        return settle(kid, refresh());
      }
      if (kid === undefined) return UNKNOWN;
      if (t - lastUnknownRefetchAt < o.refetchIntervalMs) {
        // Throttled. While the JWKS is failing, an unknown kid may be a rotation we cannot see
        // yet: unavailable (not signed out), retried at most once per failure backoff.
        if (!lastFetchFailed) return UNKNOWN;
        if (t - lastAttemptAt < FAILURE_BACKOFF_MS) return UNAVAILABLE;
      }
      lastUnknownRefetchAt = t;
      return settle(kid, refresh());
    },
    has: (kid) => kid !== undefined && keys?.has(kid) === true,
  };
}

const UNKNOWN: KeyLookup = Object.freeze({ kind: 'unknown' });
const UNAVAILABLE: KeyLookup = Object.freeze({ kind: 'unavailable' });

/** Imports every usable key (RSA, with a kid, RS256 or no alg, use sig or none) once; none -> reject. */
async function importKeySet(json: unknown): Promise<Map<string, KeyLookup>> {
  const set = jwksSchema.parse(json);
  const out = new Map<string, KeyLookup>();
  for (const raw of set.keys) {
    const jwk = jwkSchema.safeParse(raw);
    if (!jwk.success) continue;
    const { kty, kid, alg, use, n, e } = jwk.data;
    if (kty !== 'RSA' || kid === undefined || n === undefined || e === undefined) continue;
    if ((alg !== undefined && alg !== 'RS256') || (use !== undefined && use !== 'sig')) continue;
    try {
      const key = (await importJWK({ kty, n, e }, 'RS256')) as CryptoKey;
      out.set(kid, Object.freeze({ kind: 'key', key }));
    } catch {
      // a key that does not import is not usable; the others still are
    }
  }
  if (out.size === 0) throw new Error('the JWKS holds no usable RS256 key');
  return out;
}
