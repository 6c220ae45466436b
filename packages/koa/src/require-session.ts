import { createDecider, requireFailure, type AuthState } from '@sessiongate/core';
import type { Middleware, Next, ParameterizedContext } from 'koa';
import type { ClerkKoaOptions } from './types.js';
import { proceed, withAuthState } from './with-auth-state.js';

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
  const decide = createDecider(options);
  // One function rather than clerkMiddleware() composed with a guard: on a cache hit the
  // downstream middleware starts in the same tick, with no extra dispatch or await.
  return function sessiongateRequireSession(ctx, next) {
    return withAuthState(ctx, next, decide, guard);
  };
}

function guard(ctx: ParameterizedContext, next: Next, state: AuthState): Promise<unknown> | undefined {
  const failure = requireFailure(state);
  if (failure === null) return proceed(ctx, next, state);
  ctx.state.session = null;
  // `body = null` first: Koa then answers with an empty body and keeps the status set after.
  ctx.body = null;
  ctx.status = failure.status;
  ctx.set(failure.headers);
  return undefined;
}
