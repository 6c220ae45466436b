import { createRequireCheck, type AuthState, type RequireFailure, type RequireOptions } from '@sessiongate/core/adapter';
import type { NextFunction, RequestHandler, Response } from 'express';
import { authMiddleware } from './auth-middleware.js';
import type { ClerkExpressOptions } from './types.js';

/**
 * Mandatory session. Works on its own, or after `ClerkExpressMiddleware()` (whose result it
 * reuses, without a second verification). Signed out: 401 with no body. Backend unavailable:
 * 503, with `Retry-After` when known. Signed in but not allowed by `authorize` (`has()` params,
 * or a function of the signed-in state): 403 with no body. In each case the next handler never
 * runs; an `authorize` function that throws goes to `next(error)` (a 500), never a grant.
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
 * app.delete('/api/invoices/:id', ClerkExpressRequireSession({ authorize: { permission: 'org:invoices:delete' } }), remove);
 * ```
 */
export function ClerkExpressRequireSession(options?: ClerkExpressOptions & RequireOptions): RequestHandler {
  const check = createRequireCheck(options, `${__PKG_NAME__}: ClerkExpressRequireSession()`);
  return authMiddleware(options, (res, next, state) => guard(res, next, state, check));
}

function guard(res: Response, next: NextFunction, state: AuthState, check: ReturnType<typeof createRequireCheck>): void {
  let verdict: RequireFailure | null | Promise<RequireFailure | null>;
  try {
    verdict = check(state);
  } catch (error) {
    return next(error);
  }
  if (verdict instanceof Promise) verdict.then((failure) => answer(res, next, failure), next);
  else answer(res, next, verdict);
}

function answer(res: Response, next: NextFunction, failure: RequireFailure | null): void {
  if (failure === null) return next();
  res.status(failure.status);
  for (const name in failure.headers) res.setHeader(name, failure.headers[name]!);
  res.end();
}
