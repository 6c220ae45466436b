import { requireFailure, type AuthState } from '@sessiongate/core/adapter';
import type { Middleware, Next, ParameterizedContext } from 'koa';
import { authMiddleware } from './auth-middleware.js';
import type { ClerkKoaOptions } from './types.js';

/**
 * Mandatory session, usable on its own in one line: verification (skipped when
 * `clerkMiddleware()` already ran) followed by a guard. Signed out: 401 with no body.
 * Backend unavailable: 503, with `Retry-After` when known. In both cases downstream
 * middleware never runs. Decides from the state under the core's symbol, never from a
 * `session` another library put on `ctx` or `ctx.state`.
 *
 * @example
 * ```js
 * import Router from '@koa/router';
 * import { requireSession } from '@sessiongate/koa';
 *
 * router.get('/api/me', requireSession(), (ctx) => {
 *   ctx.body = { userId: ctx.state.session.userId };
 * });
 * ```
 */
export function requireSession(options?: ClerkKoaOptions): Middleware {
  // One function rather than clerkMiddleware() composed with a guard: on a cache hit the
  // downstream middleware starts in the same tick, with no extra dispatch or await.
  return authMiddleware(options, guard);
}

function guard(ctx: ParameterizedContext, next: Next, state: AuthState): Promise<unknown> | undefined {
  const failure = requireFailure(state);
  if (failure === null) return next();
  // `body = null` first: Koa then answers with an empty body and keeps the status set after.
  ctx.body = null;
  ctx.status = failure.status;
  ctx.set(failure.headers);
  return undefined;
}
