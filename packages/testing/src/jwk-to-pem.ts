import { createPublicKey, type JsonWebKey } from 'node:crypto';

/** SPKI PEM of a public JWK (what `CLERK_JWT_KEY` takes). */
export function jwkToPem(jwk: Record<string, unknown>): string {
  const { kty, n, e } = jwk;
  return createPublicKey({ key: { kty, n, e } as JsonWebKey, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString()
    .trimEnd();
}
