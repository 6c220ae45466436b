import type { NextRequest } from 'next/server.js';
import { createAuth } from './auth.js';
import type { NextAuthOptions } from '../lib/resolver.js';
import { PKG } from '../lib/package-name.js';
import type { RouteHandlerContext, WithAuthContext } from './route-context.js';

/**
 * Wraps an App Router route handler: the handler always runs and receives the request's
 * `AuthState` (and `session`, or `null`) in its second argument, next to `params`.
 *
 * @example
 * ```ts
 * // app/api/me/route.ts
 * import { withAuth } from '@sessiongate/next';
 * export const GET = withAuth(async (request, { session }) =>
 *   Response.json({ userId: session?.userId ?? null }),
 * );
 * ```
 */
export function withAuth<Req extends Request = NextRequest, Ctx = RouteHandlerContext>(
  handler: (request: Req, context: Ctx & WithAuthContext) => Response | Promise<Response>,
  options?: NextAuthOptions,
): (request: Req, context: Ctx) => Promise<Response> {
  if (typeof handler !== 'function') throw new TypeError(`${PKG}: withAuth(handler) expects a function`);
  const decide = createAuth(options);
  return async function withAuthHandler(request, context) {
    const state = await decide(request);
    const session = state.status === 'signed-in' ? state.session : null;
    return handler(request, { ...(context as Ctx), auth: state, session });
  };
}
