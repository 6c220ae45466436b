import { SignJWT } from 'jose';
import { EmulatorError } from '../errors.js';
import type { Store } from '../store.js';
import type { MintSessionTokenOptions } from '../types.js';
import type { SigningKeys } from './signing-keys.js';

/** Default session-token lifetime, as the hosted service issues them. */
export const DEFAULT_TOKEN_LIFETIME_MS = 60_000;

/**
 * Signs a short-lived RS256 session token for an ACTIVE session (refused otherwise, so a
 * revocation takes effect within one token lifetime). Claims: `sub`, `sid`, `iss`, `azp`
 * (when given), `iat`, `nbf`, `exp`, all on the emulator clock, and what today's hosted service
 * adds (organizations/organizations.ts `claimsFor`: version 2 `v`, `sts`, `fva`, `act`, `o`, `fea`,
 * `pla` by default, version 1 `org_*` with `version: 1`). `claims` and `kid` override the
 * defaults (to build hostile tokens in tests).
 */
export async function mintSessionToken(
  store: Store,
  keys: SigningKeys,
  issuer: string,
  defaultLifetimeMs: number,
  o: MintSessionTokenOptions,
): Promise<string> {
  const session = store.requireSession(o.sessionId);
  store.refreshClient(store.clients.get(session.clientId));
  if (session.status !== 'active') {
    throw new EmulatorError('ERR_SESSION_INACTIVE', `session ${session.id} is ${session.status}: no session token for an inactive session`);
  }
  const issuedAt = Math.floor((o.issuedAt ?? store.now()) / 1000);
  const lifetime = Math.max(1, Math.round((o.lifetimeMs ?? defaultLifetimeMs) / 1000));
  const key = keys.current;
  const payload: Record<string, unknown> = {
    sub: session.userId,
    sid: session.id,
    iss: issuer,
    ...(o.azp === undefined ? {} : { azp: o.azp }),
    iat: issuedAt,
    nbf: issuedAt,
    exp: issuedAt + lifetime,
    ...store.organizations.claimsFor(session.id, o.version),
    ...o.claims,
  };
  const header: { alg: 'RS256'; typ: 'JWT'; kid?: string } = { alg: 'RS256', typ: 'JWT' };
  if (o.kid !== null) header.kid = o.kid ?? key.kid;
  return new SignJWT(payload).setProtectedHeader(header).sign(key.privateKey);
}

/** True for strings shaped like a compact JWS (kept out of the request log). */
export function looksLikeJwt(value: string): boolean {
  return value.length > 20 && value.startsWith('eyJ') && value.split('.').length === 3;
}
