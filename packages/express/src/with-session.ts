import { createDecider } from '@sessiongate/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { withAuthState } from './resolve-auth-state.js';
import type { ClerkExpressOptions } from './types.js';

/**
 * Optional session: verifies the request, sets `req.session` to the session (or `null`)
 * and always continues. The full state is available through `getAuth(req)`.
 * A misconfiguration (for example no `CLERK_API_KEY`) goes to Express's error handler.
 *
 * @example
 * ```js
 * import express from 'express';
 * import { ClerkExpressWithSession } from '@sessiongate/express';
 *
 * const app = express();
 * app.use(ClerkExpressWithSession());
 * app.get('/whoami', (req, res) => res.json({ userId: req.session?.userId ?? null }));
 * ```
 */
export function ClerkExpressWithSession(options?: ClerkExpressOptions): RequestHandler {
  const decide = createDecider(options);
  return function clerkExpressWithSession(req, res, next) {
    withAuthState(req, res, next, decide, proceed);
  };
}

function proceed(_req: Request, _res: Response, next: NextFunction): void {
  next();
}

/**
 * The 2021 SDK's name for {@link ClerkExpressWithSession}: optional session.
 *
 * @example
 * ```js
 * import { ClerkExpressMiddleware } from '@sessiongate/express';
 * app.use(ClerkExpressMiddleware());
 * ```
 */
export function ClerkExpressMiddleware(options?: ClerkExpressOptions): RequestHandler {
  return ClerkExpressWithSession(options);
}
