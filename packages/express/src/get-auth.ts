import { expectAuthState, type AuthState } from '@sessiongate/core/adapter';
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
  return expectAuthState(req, `${__PKG_NAME__}: getAuth()`, 'add ClerkExpressMiddleware()');
}
