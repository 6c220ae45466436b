import type { VerifiedToken } from './verified-token.js';

/** How much of a token's end keys the map: within an RS256 signature, so distinct for distinct tokens. */
const KEY_LENGTH = 64;

interface Entry {
  /** The whole token: a hit is a token equal to it, never one that merely shares the key. */
  token: string;
  verified: VerifiedToken;
}

/**
 * A bounded map of verified tokens, each usable until its own `exp` (the caller re-checks the
 * time claims on every hit). Oldest insertions are evicted first; expired entries go on sight.
 *
 * Keyed by the token's last {@link KEY_LENGTH} characters (its signature's), and a hit compares
 * the whole token: a `Map` keyed by the whole token hashes every request's fresh copy of it in
 * full (a session JWT is ~700 characters: about 1.4 µs of a networkless hit in a tight loop),
 * where the comparison of two equal strings is a memory compare. A token that shares the key of
 * a cached one without being equal to it is a miss, verified in full, and if it verifies it takes
 * the entry over.
 */
export class TokenCache {
  readonly #max: number;
  readonly #entries = new Map<string, Entry>();

  constructor(max: number) {
    this.#max = max;
  }

  get(token: string): VerifiedToken | undefined {
    const entry = this.#entries.get(keyOf(token));
    return entry !== undefined && entry.token === token ? entry.verified : undefined;
  }

  set(token: string, verified: VerifiedToken, nowSec: number): void {
    if (this.#max <= 0) return;
    const entries = this.#entries;
    const key = keyOf(token);
    entries.delete(key);
    while (entries.size >= this.#max) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
    // Drop a few expired entries from the front on each insert (amortised sweep).
    let swept = 0;
    for (const [oldKey, entry] of entries) {
      if (swept++ >= 4 || entry.verified.exp > nowSec) break;
      entries.delete(oldKey);
    }
    entries.set(key, { token, verified });
  }

  delete(token: string): void {
    const key = keyOf(token);
    if (this.#entries.get(key)?.token === token) this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}

function keyOf(token: string): string {
  return token.length > KEY_LENGTH ? token.slice(-KEY_LENGTH) : token;
}
