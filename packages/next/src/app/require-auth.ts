import { createRequireCheck, type RequireOptions } from '@sessiongate/core/adapter';
import type { NextRequest } from 'next/server.js';
import { createAuth } from './auth.js';
import type { NextAuthOptions } from '../lib/resolver.js';
import { PKG } from '../lib/package-name.js';
import type { RequireAuthContext, RouteHandlerContext } from './route-context.js';

/**
 * Wraps an App Router route handler that needs a session. Signed out: 401 with no body;
 * backend unavailable: 503 (with `Retry-After` when known); signed in but not allowed by
 * `authorize` (`has()` params, or a function of the signed-in state): 403 with no body. In
 * each case the handler never runs; otherwise it receives the signed-in state and the
 * Session. An `authorize` function that throws or rejects makes the route throw (a 500).
 *
 * @example
 * ```ts
 * // app/api/private/route.ts
 * import { requireAuth } from '@sessiongate/next';
 * export const GET = requireAuth(async (request, { session }) =>
 *   Response.json({ userId: session.userId }),
 * );
 * export const DELETE = requireAuth(remove, { authorize: { permission: 'org:reports:delete' } });
 * ```
 */
export function requireAuth<Req extends Request = NextRequest, Ctx = RouteHandlerContext>(
  handler: (request: Req, context: Ctx & RequireAuthContext) => Response | Promise<Response>,
  options?: NextAuthOptions & RequireOptions,
): (request: Req, context: Ctx) => Promise<Response> {
  if (typeof handler !== 'function') throw new TypeError(`${PKG}: requireAuth(handler) expects a function`);
  const decide = createAuth(options);
  const check = createRequireCheck(options, `${PKG}: requireAuth()`);
  return async function requireAuthHandler(request, context) {
    const state = await decide(request);
    const failure = await check(state);
    if (failure !== null || state.status !== 'signed-in') {
      const { status, headers } = failure ?? { status: 401 as const, headers: {} };
      return new Response(null, { status, headers });
    }
    return handler(request, { ...(context as Ctx), auth: state, session: state.session });
  };
}
