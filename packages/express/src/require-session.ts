import { requireFailure, type AuthState } from '@sessiongate/core/adapter';
import type { NextFunction, RequestHandler, Response } from 'express';
import { authMiddleware } from './auth-middleware.js';
import type { ClerkExpressOptions } from './types.js';

/**
 * Mandatory session. Works on its own, or after `ClerkExpressMiddleware()` (whose result it
 * reuses, without a second verification). Signed out: 401 with no body. Backend unavailable:
 * 503, with `Retry-After` when known. In both cases the next handler never runs.
 * Decides from the state kept under the core's symbol, never from a `req.session` that
 * another library (express-session, passport) may have set.
 *
 * @example
 * ```js
 * import { ClerkExpressRequireSession } from '@sessiongate/express';
 *
 * app.get('/api/me', ClerkExpressRequireSession(), (req, res) => {
 *   res.json({ userId: req.session.userId });
 * });
 * ```
 */
export function ClerkExpressRequireSession(options?: ClerkExpressOptions): RequestHandler {
  return authMiddleware(options, guard);
}

function guard(res: Response, next: NextFunction, state: AuthState): void {
  const failure = requireFailure(state);
  if (failure === null) return next();
  res.status(failure.status);
  for (const name in failure.headers) res.setHeader(name, failure.headers[name]!);
  res.end();
}
