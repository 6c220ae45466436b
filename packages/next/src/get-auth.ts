import { expectAuthState, type AuthState } from '@sessiongate/core/adapter';
import { PKG } from './lib/package-name.js';

/**
 * The full `AuthState` of a request that `withSession()`, `requireSession()`,
 * `withAuth()`, `requireAuth()` or `auth()` already decided. Reads only the core's private
 * symbol: a `session` property set by another library never counts.
 *
 * @throws SessiongateError `ERR_NO_AUTH_STATE` when no helper ran for this request.
 * @example
 * ```ts
 * import { withSession, getAuth } from '@sessiongate/next';
 * export default withSession((req, res) => {
 *   const state = getAuth(req);
 *   res.json(state.status === 'signed-out' ? { reason: state.reason } : { status: state.status });
 * });
 * ```
 */
export function getAuth(req: object): AuthState {
  // readAuthState (a WeakMap) answers undefined for a non-object: that throws here too
  return expectAuthState(
    req,
    `${PKG}: getAuth()`,
    'wrap the handler with withSession()/requireSession() (Pages Router) or withAuth()/requireAuth(), or await auth(request)',
    '(App Router)',
  );
}
