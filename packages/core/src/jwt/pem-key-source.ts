import { importSPKI, type CryptoKey } from 'jose';
import { sgError } from '../errors.js';
import type { KeyLookup, KeySource } from './key-source.js';

/**
 * A key source for one PEM public key (`jwtKey` / `CLERK_JWT_KEY`): imported once, no network.
 * A PEM that is not an RSA public key makes every call reject with `ERR_INVALID_OPTION`
 * (a misconfiguration must be loud, never a silent 401).
 */
export function createPemKeySource(pem: string, optionName: string): KeySource {
  let found: KeyLookup | undefined;
  const ready = importSPKI(pem, 'RS256').then(
    (key: CryptoKey) => (found = { kind: 'key', key }),
    () => {
      throw sgError('ERR_INVALID_OPTION', `invalid ${optionName}: not an RSA public key in PEM (SPKI) form`);
    },
  );
  ready.catch(() => undefined); // reported to callers; never an unhandled rejection
  return {
    lookup: () => found ?? ready,
    has: () => true,
  };
}
