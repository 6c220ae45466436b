import { expectAuthState, type AuthState } from '@sessiongate/core/adapter';

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
  return expectAuthState(ctx, `${__PKG_NAME__}: getAuth()`, 'add clerkMiddleware()');
}
