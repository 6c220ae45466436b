import type { AuthState, SignedInState } from '../auth-state.js';
import { signedInState } from '../authorization/signed-in-state.js';
import { badRequestArgument, type Decide } from '../decide.js';
import type { AuthenticateRequestInput } from '../request/input.js';
import { resolveRequest, type ResolveOptions } from '../request/resolve-request.js';
import { signedOut, unavailable } from '../signed-out.js';
import type { KeySource } from './key-source.js';
import { TokenCache } from './token-cache.js';
import { checkTimeClaims, type VerifiedToken } from './verified-token.js';
import { isAuthorizedParty, verifySessionToken, type VerifyConfig } from './verify-session-token.js';

export interface JwtAuthenticatorConfig extends VerifyConfig {
  resolve: ResolveOptions;
  /** 0 disables the verified-token cache. */
  tokenCacheMax: number;
  /** Let sessions whose `sts` is `pending` in (signed in, `sessionStatus: 'pending'`); else `session-pending`. */
  acceptPendingSessions: boolean;
}

/**
 * The networkless `authenticateRequest`: the same request resolution as the backend strategy,
 * then the session JWT verified locally (see {@link verifySessionToken}), with a bounded cache of
 * verified tokens whose time claims, `azp` and key are re-checked on every hit. When
 * `_clerk_session_id` is present it must equal the token's `sid` (else `session-mismatch`).
 * A `pending` session (`sts`) is signed out (`session-pending`) unless `acceptPendingSessions`.
 * A resolver verdict and a cache hit are returned synchronously (see {@link Decide}).
 *
 * @example
 * const decide = createJwtAuthenticator(createPemKeySource(pem, 'option "jwtKey"'), config);
 * const state = await decide({ url: '/me', headers: { cookie: `__session=${jwt}` } });
 */
export function createJwtAuthenticator(source: KeySource, config: JwtAuthenticatorConfig): Decide {
  const cache = config.tokenCacheMax > 0 ? new TokenCache(config.tokenCacheMax) : undefined;
  const skewSec = config.clockSkewMs / 1000;

  const decide = (t: VerifiedToken, sessionId: string | null): AuthState => {
    if (sessionId !== null && sessionId !== t.sid) return signedOut('session-mismatch');
    if (t.decoded.sessionStatus === 'pending' && !config.acceptPendingSessions) return signedOut('session-pending');
    return signedIn(t);
  };

  const verify = async (token: string, sessionId: string | null): Promise<AuthState> => {
    const outcome = await verifySessionToken(token, source, config);
    if (!outcome.ok) return 'signedOut' in outcome ? signedOut(outcome.signedOut) : unavailable(outcome.unavailable);
    cache?.set(token, outcome.token, Date.now() / 1000);
    return decide(outcome.token, sessionId);
  };

  return function decideRequest(req: AuthenticateRequestInput): AuthState | Promise<AuthState> {
    if (typeof req !== 'object' || req === null) throw badRequestArgument();
    const resolved = resolveRequest(req, config.resolve);
    if (resolved.status === 'signed-out') return resolved;
    const { token, sessionId } = resolved;
    const hit = cache?.get(token);
    if (hit !== undefined) {
      const problem = checkTimeClaims(hit, Date.now() / 1000, skewSec);
      if (problem !== null) {
        cache!.delete(token);
        return signedOut(problem);
      }
      if (source.has(hit.kid) && isAuthorizedParty(hit.azp, config.authorizedParties)) {
        return decide(hit, sessionId);
      }
      cache!.delete(token);
    }
    return verify(token, sessionId);
  };
}

/** A fresh signed-in state per request (callers may mutate it); the claims object is frozen and shared. */
function signedIn(t: VerifiedToken): SignedInState {
  const session = {
    id: t.sid,
    clientId: '',
    userId: t.sub,
    status: t.decoded.sessionStatus,
    lastActiveAt: t.iat * 1000,
    expireAt: t.exp * 1000,
    abandonAt: t.exp * 1000,
  };
  return signedInState(session, t.decoded, t.claims);
}
