import { createDecider, requireFailure, type AuthState } from '@sessiongate/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { withAuthState } from './resolve-auth-state.js';
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
  const decide = createDecider(options);
  return function clerkExpressRequireSession(req, res, next) {
    withAuthState(req, res, next, decide, guard);
  };
}

function guard(_req: Request, res: Response, next: NextFunction, state: AuthState): void {
  const failure = requireFailure(state);
  if (failure === null) return next();
  res.status(failure.status);
  for (const name in failure.headers) res.setHeader(name, failure.headers[name]!);
  res.end();
}
