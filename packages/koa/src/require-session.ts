import { createRequireCheck, type RequireOptions } from '@sessiongate/core/adapter';
import type { Middleware } from 'koa';
import { authMiddleware } from './auth-middleware.js';
import type { ClerkKoaOptions } from './types.js';

/**
 * Mandatory session, usable on its own in one line: verification (skipped when
 * `clerkMiddleware()` already ran) followed by a guard. Signed out: 401 with no body.
 * Backend unavailable: 503, with `Retry-After` when known. Signed in but not allowed by
 * `authorize` (`has()` params, or a function of the signed-in state): 403 with no body. In each
 * case downstream middleware never runs; an `authorize` function that throws or rejects becomes
 * a rejection for Koa's error handling (a 500), never a grant. Decides from the state the core keeps for `ctx` (not a property of it), never from a
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
 * router.delete('/api/invoices/:id', requireSession({ authorize: { permission: 'org:invoices:delete' } }), remove);
 * ```
 */
export function requireSession(options?: ClerkKoaOptions & RequireOptions): Middleware {
  // One function rather than clerkMiddleware() composed with a guard: on a cache hit the
  // downstream middleware starts in the same tick, with no extra dispatch or await.
  return authMiddleware(options, createRequireCheck(options, `${__PKG_NAME__}: requireSession()`));
}
