import { sha256Base64url } from './lib/sha256.js';

/** Marks "no explicit session id: the client's last active session" in a verification key. */
const LAST_ACTIVE = '*';

/**
 * The key under which a verification is coalesced and cached: the SHA-256 of the token
 * (base64url, so neither the token nor a prefix of it is ever kept) + `:` + the session id, or
 * `*` for last-active mode. Two different tokens never share a key; neither do two ids.
 */
export function verificationKey(token: string, sessionId: string | null): string {
  return `${sha256Base64url(token)}:${sessionId ?? LAST_ACTIVE}`;
}

/**
 * Shares one in-flight promise between concurrent callers with the same key. The entry is
 * removed as soon as the promise settles, so nothing outlives the call (caching is separate).
 *
 * @example
 * const coalescer = createCoalescer<AuthState>();
 * const [a, b] = await Promise.all([coalescer.run(key, verify), coalescer.run(key, verify)]); // verify ran once
 */
export interface Coalescer<T> {
  run(key: string, task: () => Promise<T>): Promise<T>;
  /** Whether a call with this key is in flight. */
  has(key: string): boolean;
  /** Number of calls in flight (for tests and diagnostics). */
  readonly size: number;
}

export function createCoalescer<T>(): Coalescer<T> {
  const inFlight = new Map<string, Promise<T>>();
  return {
    run(key, task) {
      const existing = inFlight.get(key);
      if (existing !== undefined) return existing;
      let promise: Promise<T>;
      try {
        promise = task();
      } catch (error) {
        return Promise.reject(error);
      }
      const shared = promise.finally(() => {
        if (inFlight.get(key) === shared) inFlight.delete(key);
      });
      inFlight.set(key, shared);
      return shared;
    },
    has(key) {
      return inFlight.has(key);
    },
    get size() {
      return inFlight.size;
    },
  };
}
