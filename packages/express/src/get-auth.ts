import { readAuthState, SessiongateError, type AuthState } from '@sessiongate/core';
import type { IncomingMessage } from 'node:http';

/**
 * The full {@link AuthState} of a request that went through one of this package's
 * middlewares: `signed-in` (with `session`, `sessionId`, `userId`), `signed-out` (with a
 * `reason`) or `unavailable`. Throws `ERR_NO_AUTH_STATE` when no middleware ran.
 *
 * @example
 * ```js
 * app.get('/debug', ClerkExpressMiddleware(), (req, res) => {
 *   const auth = getAuth(req);
 *   res.json(auth.status === 'signed-in' ? { userId: auth.userId } : { reason: auth.reason });
 * });
 * ```
 */
export function getAuth(req: IncomingMessage): AuthState {
  const state = readAuthState(req);
  if (state === undefined) {
    throw new SessiongateError(
      'ERR_NO_AUTH_STATE',
      `${__PKG_NAME__}: getAuth() found no auth state — add ClerkExpressMiddleware() first`,
    );
  }
  return state;
}
