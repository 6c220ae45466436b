import { readAuthState, type AuthState } from '@sessiongate/core/adapter';
import type { FastifyRequest } from 'fastify';
import { noAuthStateError } from './no-auth-state-error.js';

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
  const state = readAuthState(request);
  if (state === undefined) throw noAuthStateError('getAuth()');
  return state;
}
