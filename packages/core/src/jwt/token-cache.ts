import type { VerifiedToken } from './verified-token.js';

/**
 * A bounded map of verified tokens, each usable until its own `exp` (the caller re-checks the
 * time claims on every hit). Oldest insertions are evicted first; expired entries go on sight.
 */
export class TokenCache {
  readonly #max: number;
  readonly #entries = new Map<string, VerifiedToken>();

  constructor(max: number) {
    this.#max = max;
  }

  get(token: string): VerifiedToken | undefined {
    return this.#entries.get(token);
  }

  set(token: string, verified: VerifiedToken, nowSec: number): void {
    if (this.#max <= 0) return;
    const entries = this.#entries;
    while (entries.size >= this.#max) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
    // Drop a few expired entries from the front on each insert (amortised sweep).
    let swept = 0;
    for (const [key, entry] of entries) {
      if (swept++ >= 4 || entry.exp > nowSec) break;
      entries.delete(key);
    }
    entries.set(token, verified);
  }

  delete(token: string): void {
    this.#entries.delete(token);
  }

  get size(): number {
    return this.#entries.size;
  }
}
