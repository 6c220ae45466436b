import type { SignedOutReason } from '../auth-state.js';
import type { SessionClaims } from '../authorization/session-claims.js';

/** What a verified session token contributes to a signed-in state; kept in the token cache. */
export interface VerifiedToken {
  sid: string;
  sub: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
  nbf: number | undefined;
  kid: string | undefined;
  azp: string | undefined;
  claims: Readonly<Record<string, unknown>>;
  /** What the claims say (status, organization, features, …), decoded strictly once. */
  decoded: SessionClaims;
}

/**
 * The time claims against `nowSec` with `skewSec` tolerance: `null` when valid. Run on every
 * verification AND every cache hit.
 */
export function checkTimeClaims(t: Pick<VerifiedToken, 'iat' | 'exp' | 'nbf'>, nowSec: number, skewSec: number): SignedOutReason | null {
  if (t.exp <= nowSec - skewSec) return 'token-expired';
  if (t.iat > nowSec + skewSec) return 'token-invalid';
  if (t.nbf !== undefined && t.nbf > nowSec + skewSec) return 'token-invalid';
  return null;
}
