import { createRequireCheck, type RequireOptions } from '@sessiongate/core/adapter';
import type { RequestHandler } from 'express';
import { authMiddleware } from './auth-middleware.js';
import type { ClerkExpressOptions } from './types.js';

/**
 * Mandatory session. Works on its own, or after `ClerkExpressMiddleware()` (whose result it
 * reuses, without a second verification). Signed out: 401 with no body. Backend unavailable:
 * 503, with `Retry-After` when known. Signed in but not allowed by `authorize` (`has()` params,
 * or a function of the signed-in state): 403 with no body. In each case the next handler never
 * runs; an `authorize` function that throws goes to `next(error)` (a 500), never a grant.
 * Decides from the state the core keeps for the request (not a property of it), never from a `req.session` that
 * another library (express-session, passport) may have set.
 *
 * @example
 * ```js
 * import { ClerkExpressRequireSession } from '@sessiongate/express';
 *
 * app.get('/api/me', ClerkExpressRequireSession(), (req, res) => {
 *   res.json({ userId: req.session.userId });
 * });
 * app.delete('/api/invoices/:id', ClerkExpressRequireSession({ authorize: { permission: 'org:invoices:delete' } }), remove);
 * ```
 */
export function ClerkExpressRequireSession(options?: ClerkExpressOptions & RequireOptions): RequestHandler {
  return authMiddleware(options, createRequireCheck(options, `${__PKG_NAME__}: ClerkExpressRequireSession()`));
}
