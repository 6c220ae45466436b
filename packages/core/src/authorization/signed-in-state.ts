import type { AuthState, SignedInState } from '../auth-state.js';
import type { Session } from '../domain/session.js';
import { createHas, type HasParams } from './has.js';
import { decodeSessionClaims, NO_SESSION_CLAIMS, type SessionClaims } from './session-claims.js';

const noClaimsHas = createHas(NO_SESSION_CLAIMS);

/**
 * A fresh signed-in state (callers may mutate it) for `session`, carrying `decoded` (what the
 * token said; nothing for the backend strategy) and, when the networkless strategy decided, the
 * verified payload as `claims` (`undefined` otherwise).
 *
 * Written out field by field in one literal, not with spreads: this runs on every cache hit, and
 * a literal with spreads in it is built one property at a time (a map transition each, its
 * property store grown several times), where a plain literal is one allocation of one shape,
 * the same for both strategies, so that the code reading a state sees a single hidden class.
 */
export function signedInState(
  session: Session,
  decoded: SessionClaims = NO_SESSION_CLAIMS,
  claims?: Readonly<Record<string, unknown>>,
): SignedInState {
  return {
    status: 'signed-in',
    session,
    sessionId: session.id,
    userId: session.userId,
    sessionStatus: decoded.sessionStatus,
    orgId: decoded.orgId,
    orgRole: decoded.orgRole,
    orgSlug: decoded.orgSlug,
    orgPermissions: decoded.orgPermissions,
    features: decoded.features,
    plans: decoded.plans,
    factorVerificationAge: decoded.factorVerificationAge,
    actor: decoded.actor,
    claims,
    has: decoded === NO_SESSION_CLAIMS ? noClaimsHas : createHas(decoded),
  };
}

/**
 * A signed-in state that went through JSON (a Next proxy's forwarded decision) gets its `has`
 * and claim fields back, decoded again from its `claims` (or none, for a backend decision).
 * `undefined` when those claims no longer decode.
 */
export function restoreSignedInState(state: Pick<SignedInState, 'session' | 'claims'>): SignedInState | undefined {
  const claims = state.claims;
  if (claims === undefined || claims === null) return signedInState(state.session);
  if (typeof claims !== 'object') return undefined;
  const decoded = decodeSessionClaims(claims);
  return decoded === null ? undefined : signedInState(state.session, decoded, Object.freeze({ ...claims }));
}

/**
 * `state.has(params)` when signed in, `false` otherwise: callable on any {@link AuthState},
 * for example `has(getAuth(req), { role: 'org:admin' })`. Misuse of `params` throws a TypeError
 * whatever the state.
 *
 * @example
 * ```ts
 * import { getAuth, has } from '@sessiongate/express';
 * app.get('/reports', ClerkExpressMiddleware(), (req, res) => {
 *   res.json({ canExport: has(getAuth(req), { permission: 'org:reports:export' }) });
 * });
 * ```
 */
export function has(state: AuthState | undefined, params: HasParams): boolean {
  if (state?.status !== 'signed-in' || typeof state.has !== 'function') {
    noClaimsHas(params);
    return false;
  }
  return state.has(params);
}
