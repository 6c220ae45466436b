import { randomBytes } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWK } from 'jose';

/** One RS256 key pair of the emulator, named by its `kid`. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** Public JWK with `kid`, `alg: RS256`, `use: sig`. */
  jwk: JWK;
  /** SPKI PEM of the public key (what `CLERK_JWT_KEY` holds). */
  pem: string;
  /** Emulator time (ms) after which an old key leaves the JWKS; `undefined` for the current key. */
  retireAt?: number;
}

/** A new RS256 key pair with a random `ins_…`-style kid. */
export async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const kid = `ins_${randomBytes(12).toString('base64url')}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, jwk, pem: await exportSPKI(publicKey) };
}

/**
 * The emulator's signing keys: one current key signs; after a rotation the previous ones stay
 * in the JWKS until their overlap ends (on the emulator clock), so verifiers lose nothing.
 */
export class SigningKeys {
  #current: SigningKey;
  #previous: SigningKey[] = [];

  constructor(first: SigningKey) {
    this.#current = first;
  }

  get current(): SigningKey {
    return this.#current;
  }

  /** Makes a new key current; the old one stays published for `overlapMs` (0 = dropped now). */
  async rotate(now: number, overlapMs: number): Promise<SigningKey> {
    const next = await newSigningKey();
    const old = this.#current;
    this.#current = next;
    if (overlapMs > 0) this.#previous.unshift({ ...old, retireAt: now + overlapMs });
    this.prune(now);
    return next;
  }

  /** Drops old keys whose overlap has ended. */
  prune(now: number): void {
    this.#previous = this.#previous.filter((k) => k.retireAt !== undefined && k.retireAt > now);
  }

  /** The published key set, current key first. */
  jwks(now: number): { keys: JWK[] } {
    this.prune(now);
    return { keys: [this.#current.jwk, ...this.#previous.map((k) => k.jwk)] };
  }
}
