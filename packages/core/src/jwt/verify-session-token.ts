import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { SignedOutReason, UnavailableReason } from '../auth-state.js';
import { decodeSessionClaims } from '../authorization/session-claims.js';
import { SESSION_ID_PATTERN } from '../request/session-id.js';
import type { KeyLookup, KeySource } from './key-source.js';
import { checkTimeClaims, type VerifiedToken } from './verified-token.js';

/** Longest session token accepted; Clerk's are well under 2 KiB. Longer -> `token-malformed`. */
export const MAX_JWT_LENGTH = 4096;
const JWS_SHAPE = /^[A-Za-z0-9_-]{2,2048}\.[A-Za-z0-9_-]{2,4096}\.[A-Za-z0-9_-]{2,1024}$/;
const SUBJECT = /^[A-Za-z0-9_-]{1,256}$/;
const ALGORITHMS = ['RS256'];

export interface VerifyConfig {
  issuer: readonly string[] | undefined;
  authorizedParties: readonly string[] | undefined;
  clockSkewMs: number;
}

export type VerifyOutcome =
  | { ok: true; token: VerifiedToken }
  | { ok: false; signedOut: SignedOutReason }
  | { ok: false; unavailable: UnavailableReason };

/**
 * Verifies a session JWT with jose: shape and size, RS256 only, `kid` -> key, signature,
 * `exp`/`nbf`/`iat` (with skew), `iss`, `azp` against `authorizedParties`, `sid`/`sub` shapes,
 * and the session claims decoded strictly (`decodeSessionClaims`: malformed → `token-invalid`).
 * Never throws for a bad token; rejects only for a misconfigured key source.
 */
export async function verifySessionToken(token: string, source: KeySource, config: VerifyConfig): Promise<VerifyOutcome> {
  if (token.length > MAX_JWT_LENGTH || !JWS_SHAPE.test(token)) return out('token-malformed');
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== 'RS256') return out('token-invalid');
    if (header.kid !== undefined && (typeof header.kid !== 'string' || header.kid.length > 256)) return out('token-invalid');
    kid = header.kid;
  } catch {
    return out('token-invalid');
  }
  const lookup: KeyLookup = await source.lookup(kid);
  if (lookup.kind === 'unavailable') return { ok: false, unavailable: 'jwks-unavailable' };
  if (lookup.kind === 'unknown') return out('token-invalid');

  const skewSec = config.clockSkewMs / 1000;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, lookup.key, {
      algorithms: ALGORITHMS,
      clockTolerance: skewSec,
      requiredClaims: ['sub', 'sid', 'iss', 'iat', 'exp'],
      ...(config.issuer === undefined ? {} : { issuer: config.issuer as string[] }),
    }));
  } catch (error) {
    return out(error instanceof errors.JWTExpired ? 'token-expired' : 'token-invalid');
  }
  const { sub, iat, exp, nbf, iss, azp } = payload;
  const sid = payload.sid;
  if (typeof sid !== 'string' || !SESSION_ID_PATTERN.test(sid)) return out('token-invalid');
  if (typeof sub !== 'string' || !SUBJECT.test(sub)) return out('token-invalid');
  if (!isNum(iat) || !isNum(exp) || (nbf !== undefined && !isNum(nbf))) return out('token-invalid');
  if (config.issuer === undefined && !isAcceptableDefaultIssuer(iss)) return out('token-invalid');
  if (azp !== undefined && typeof azp !== 'string') return out('token-invalid');
  const claims = Object.freeze({ ...payload });
  // a malformed organization, feature, plan, status or factor claim invalidates the whole token
  const decoded = decodeSessionClaims(claims);
  if (decoded === null) return out('token-invalid');
  const verified: VerifiedToken = {
    sid,
    sub,
    iat,
    exp,
    nbf,
    kid,
    azp,
    claims,
    decoded,
  };
  const timeProblem = checkTimeClaims(verified, Date.now() / 1000, skewSec);
  if (timeProblem !== null) return out(timeProblem);
  if (!isAuthorizedParty(verified.azp, config.authorizedParties)) return out('authorized-party-invalid');
  return { ok: true, token: verified };
}

/** `azp` absent -> accepted; present -> must be listed when `authorizedParties` is set. */
export function isAuthorizedParty(azp: string | undefined, parties: readonly string[] | undefined): boolean {
  return azp === undefined || parties === undefined || parties.includes(azp);
}

/** Without an `issuer` option: an https URL, or http on a loopback host (the emulator). */
function isAcceptableDefaultIssuer(iss: unknown): boolean {
  if (typeof iss !== 'string' || iss.length > 2048 || !URL.canParse(iss)) return false;
  const u = new URL(iss);
  if (u.username || u.password || u.search || u.hash) return false;
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]');
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function out(reason: SignedOutReason): VerifyOutcome {
  return { ok: false, signedOut: reason };
}
