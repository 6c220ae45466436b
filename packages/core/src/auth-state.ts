import type { HasFunction } from './authorization/has.js';
import type { SessionClaims } from './authorization/session-claims.js';
import type { Session } from './domain/session.js';

/**
 * Why a request is not signed in. A value, never thrown.
 *
 * - `token-missing`: no `__session` cookie and no `Authorization: Bearer` token.
 * - `token-malformed`: the token is over the length bound or outside the token alphabet.
 * - `session-id-malformed`: `_clerk_session_id` is repeated, array- or object-shaped, empty,
 *   over-long or outside the allow-list.
 * - `session-id-required`: an unsafe method without an explicit `_clerk_session_id` while
 *   `requireSessionIdForUnsafeMethods` is on.
 * - `token-invalid`: the backend (or the JWT check) rejected the token.
 * - `token-expired`: a session JWT past its `exp` (networkless strategy).
 * - `session-not-found`: the backend does not know the session, or the token does not belong to it.
 * - `session-inactive`: the session exists but its status is not `active`.
 * - `session-mismatch`: the backend returned another session than the one asked for, or a
 *   session JWT's `sid` differs from `_clerk_session_id`.
 * - `no-active-session`: the client has no last active session.
 * - `authorized-party-invalid`: a session JWT's `azp` is not in `authorizedParties`.
 * - `session-pending`: a session JWT's `sts` is `pending` (a task such as choosing an
 *   organization is left) and `acceptPendingSessions` is off.
 */
export type SignedOutReason =
  | 'token-missing'
  | 'token-malformed'
  | 'session-id-malformed'
  | 'session-id-required'
  | 'token-invalid'
  | 'token-expired'
  | 'session-not-found'
  | 'session-inactive'
  | 'session-mismatch'
  | 'no-active-session'
  | 'authorized-party-invalid'
  | 'session-pending';

/**
 * Why the request could not be decided. Never signed in; adapters answer 503.
 *
 * - `backend-timeout`: the call outlived its deadline (including a slow-dripping body).
 * - `backend-unreachable`: connection refused or reset.
 * - `backend-rate-limited`: 429 (with `retryAfter` when the backend sent `Retry-After`).
 * - `backend-error`: 5xx, 410, or another status we do not map.
 * - `backend-response-invalid`: a non-JSON, oversized or wrong-shaped answer.
 * - `misconfigured`: the backend rejected our own API key.
 * - `jwks-unavailable`: no usable key to verify a session JWT.
 */
export type UnavailableReason =
  | 'backend-timeout'
  | 'backend-unreachable'
  | 'backend-rate-limited'
  | 'backend-error'
  | 'backend-response-invalid'
  | 'misconfigured'
  | 'jwks-unavailable';

/**
 * A signed-in request, with what its session token says (see {@link SessionClaims}): the
 * session's status, the active organization, role, permissions, features, plans, factor ages
 * and actor. The backend strategy (the 2021 session resource) carries none of these: no
 * organization, empty lists, `null` factor ages, and a `has()` that answers `false` to every
 * organization, feature, plan and reverification check.
 */
export interface SignedInState extends SessionClaims {
  status: 'signed-in';
  session: Session;
  sessionId: string;
  userId: string;
  /** The whole verified JWT payload (frozen), present only when the networkless strategy decided. */
  claims?: Readonly<Record<string, unknown>>;
  /** Pure and synchronous: `has({ permission: 'org:invoices:read' })`. See {@link HasParams}. */
  has: HasFunction;
}

export interface SignedOutState {
  status: 'signed-out';
  reason: SignedOutReason;
}

export interface UnavailableState {
  status: 'unavailable';
  reason: UnavailableReason;
  /** Seconds, from the backend's `Retry-After`, when known. */
  retryAfter?: number;
}

export type AuthState = SignedInState | SignedOutState | UnavailableState;

/** What a `require` guard answers instead of running the handler. */
export interface RequireFailure {
  status: 401 | 403 | 503;
  headers: Record<string, string>;
}

/**
 * `null` when the request may proceed (signed in); otherwise the response a `require`
 * guard must send: 401 with no body when signed out, 503 (with `Retry-After` when known)
 * when the backend could not decide.
 */
export function requireFailure(state: AuthState | undefined): RequireFailure | null {
  if (state?.status === 'signed-in') return null;
  if (state?.status === 'unavailable') {
    const headers: Record<string, string> = {};
    if (state.retryAfter !== undefined) headers['retry-after'] = String(Math.max(0, Math.ceil(state.retryAfter)));
    return { status: 503, headers };
  }
  return { status: 401, headers: {} };
}
