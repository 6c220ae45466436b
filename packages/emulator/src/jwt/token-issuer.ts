import type { Store } from '../store.js';
import type { MintSessionTokenOptions } from '../types.js';
import { mintSessionToken } from './mint-session-token.js';
import { newSigningKey, SigningKeys } from './signing-keys.js';

/** Default overlap during which a rotated-out key stays in the JWKS. */
export const DEFAULT_ROTATION_OVERLAP_MS = 5 * 60_000;

/** The emulator's session-token issuer: keys, `iss`, lifetime. `issuer` is set once the port is known. */
export class TokenIssuer {
  issuer = '';

  private constructor(
    readonly keys: SigningKeys,
    readonly lifetimeMs: number,
    private readonly store: Store,
  ) {}

  static async create(store: Store, lifetimeMs: number): Promise<TokenIssuer> {
    return new TokenIssuer(new SigningKeys(await newSigningKey()), lifetimeMs, store);
  }

  mint(o: MintSessionTokenOptions): Promise<string> {
    return mintSessionToken(this.store, this.keys, this.issuer, this.lifetimeMs, o);
  }

  async rotate(overlapMs = DEFAULT_ROTATION_OVERLAP_MS): Promise<{ kid: string }> {
    const key = await this.keys.rotate(this.store.now(), overlapMs);
    return { kid: key.kid };
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return this.keys.jwks(this.store.now()) as { keys: Record<string, unknown>[] };
  }
}
