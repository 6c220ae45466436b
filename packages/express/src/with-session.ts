import { optionalCheck } from '@sessiongate/core/adapter';
import type { RequestHandler } from 'express';
import { authMiddleware } from './auth-middleware.js';
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
  return authMiddleware(options, optionalCheck);
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
