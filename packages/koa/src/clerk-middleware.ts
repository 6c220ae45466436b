import { createDecider, readAuthState, setAuthState, type AuthState } from '@sessiongate/core';
import type { Middleware, Next, ParameterizedContext } from 'koa';
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
  const decide = createDecider(options);
  // Not an async function: when the core decides without I/O (a cache hit, a missing or
  // malformed credential) downstream middleware starts in the same tick, with no extra await.
  return function sessiongateClerkMiddleware(ctx, next) {
    const known = readAuthState(ctx);
    if (known !== undefined) return proceed(ctx, next, known);
    let result: AuthState | Promise<AuthState>;
    try {
      result = decide({ method: ctx.req.method, url: ctx.originalUrl, headers: ctx.req.headers });
    } catch (error) {
      return Promise.reject(error);
    }
    if (result instanceof Promise) {
      return result.then((state) => {
        setAuthState(ctx, state);
        return proceed(ctx, next, state);
      });
    }
    setAuthState(ctx, result);
    return proceed(ctx, next, result);
  };
}

export function proceed(ctx: ParameterizedContext, next: Next, state: AuthState): Promise<unknown> {
  ctx.state.session = state.status === 'signed-in' ? state.session : null;
  return next();
}
