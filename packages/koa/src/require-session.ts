import { readAuthState, requireFailure } from '@sessiongate/core';
import compose from 'koa-compose';
import type { Middleware } from 'koa';
import { clerkMiddleware } from './clerk-middleware.js';
import type { ClerkKoaOptions } from './types.js';

const guard: Middleware = async function sessiongateRequireSession(ctx, next) {
  const failure = requireFailure(readAuthState(ctx));
  if (failure === null) return next();
  // `body = null` first: Koa then answers with an empty body and keeps the status set after.
  ctx.body = null;
  ctx.status = failure.status;
  ctx.set(failure.headers);
};

/**
 * Mandatory session, usable on its own in one line: verification (skipped when
 * `clerkMiddleware()` already ran) composed with a guard. Signed out: 401 with no body.
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
  return compose([clerkMiddleware(options), guard]) as Middleware;
}
