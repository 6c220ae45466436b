import { readAuthState, SessiongateError, type AuthState } from '@sessiongate/core';

/**
 * The full {@link AuthState} of a request that went through `clerkMiddleware()` or
 * `requireSession()`: `signed-in` (with `session`, `sessionId`, `userId`), `signed-out`
 * (with a `reason`) or `unavailable`. Throws `ERR_NO_AUTH_STATE` when neither ran.
 *
 * @example
 * ```js
 * app.use(clerkMiddleware());
 * app.use((ctx) => {
 *   const auth = getAuth(ctx);
 *   ctx.body = auth.status === 'signed-in' ? { userId: auth.userId } : { reason: auth.reason };
 * });
 * ```
 */
export function getAuth(ctx: { state: unknown }): AuthState {
  const state = readAuthState(ctx);
  if (state === undefined) {
    throw new SessiongateError(
      'ERR_NO_AUTH_STATE',
      `${__PKG_NAME__}: getAuth() found no auth state — add clerkMiddleware() first`,
    );
  }
  return state;
}
