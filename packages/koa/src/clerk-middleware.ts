import { optionalCheck } from '@sessiongate/core/adapter';
import type { Middleware } from 'koa';
import { authMiddleware } from './auth-middleware.js';
import type { ClerkKoaOptions } from './types.js';

/**
 * Optional session: verifies the request, sets `ctx.state.session` to the session (or
 * `null`) and continues. The full state is available through `getAuth(ctx)`. When a
 * sessiongate middleware already ran for this request its state is reused (no second
 * verification). A misconfiguration (for example no `CLERK_API_KEY`) is thrown into Koa's
 * error handling.
 *
 * @example
 * ```js
 * import Koa from 'koa';
 * import { clerkMiddleware } from '@sessiongate/koa';
 *
 * const app = new Koa();
 * app.use(clerkMiddleware());
 * app.use((ctx) => { ctx.body = { userId: ctx.state.session?.userId ?? null }; });
 * ```
 */
export function clerkMiddleware(options?: ClerkKoaOptions): Middleware {
  return authMiddleware(options, optionalCheck);
}
