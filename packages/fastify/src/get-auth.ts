import { expectAuthState, noAuthStateError, type AuthState } from '@sessiongate/core/adapter';
import type { FastifyRequest } from 'fastify';

const REMEDY = `register ${__PKG_NAME__}`;
const WHERE = '(app.register(clerkPlugin)) in this scope or a parent scope';

/** The `ERR_NO_AUTH_STATE` error of `who` (`getAuth()`, `requireSession`), called where the plugin did not run. */
export const noAuthState = (who: string) => noAuthStateError(who, REMEDY, WHERE);

/**
 * The full {@link AuthState} of a request the plugin authenticated: `signed-in` (with
 * `session`, `sessionId`, `userId`), `signed-out` (with a `reason`) or `unavailable`
 * (with a `reason` and maybe `retryAfter`). Throws a `SessiongateError` with code
 * `ERR_NO_AUTH_STATE` when the plugin did not run for this request (not registered, or
 * called before the plugin's hook).
 *
 * @example
 * ```js
 * app.get('/api/debug', async (request) => {
 *   const auth = getAuth(request);
 *   return auth.status === 'signed-in' ? { userId: auth.userId } : { reason: auth.reason };
 * });
 * ```
 */
export function getAuth(request: FastifyRequest): AuthState {
  return expectAuthState(request, 'getAuth()', REMEDY, WHERE);
}
