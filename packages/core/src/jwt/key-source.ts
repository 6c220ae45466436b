import type { CryptoKey } from 'jose';

/** What a key source answers for a token's `kid`. */
export type KeyLookup =
  | { kind: 'key'; key: CryptoKey }
  /** No such key (after at most one allowed refetch): the token is signed out. */
  | { kind: 'unknown' }
  /** No usable key could be obtained (JWKS outage, garbage, empty): `unavailable`. */
  | { kind: 'unavailable' };

/** Where verification keys come from: a PEM (no network) or the Backend API's JWKS. */
export interface KeySource {
  /** The key for `kid` (a PEM source ignores the kid); synchronous when already known. */
  lookup(kid: string | undefined): KeyLookup | Promise<KeyLookup>;
  /** Still a current key? (Checked on cache hits, so a dropped key stops being trusted.) */
  has(kid: string | undefined): boolean;
}
