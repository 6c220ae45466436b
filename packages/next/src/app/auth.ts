import { readAuthState, setAuthState, type AuthState } from '@sessiongate/core/adapter';
import { createResolver, type NextAuthOptions, type Resolver } from '../lib/resolver.js';
import { PKG } from '../lib/package-name.js';

let defaultResolver: Resolver | undefined;

async function decideRequest(resolve: Resolver, request: Request): Promise<AuthState> {
  if (typeof request !== 'object' || request === null || typeof request.url !== 'string' || !request.headers) {
    throw new TypeError(`${PKG}: auth(request) expects a Request or NextRequest`);
  }
  const known = readAuthState(request);
  if (known) return known;
  const state = await resolve(request);
  setAuthState(request, state);
  return state;
}

/**
 * Decides an App Router (or proxy) request and returns its `AuthState`. Works with a
 * WHATWG `Request` and a `NextRequest`. Uses the env-bound default client; the first
 * decision is kept on the request, so calling it twice costs one verification. A verified
 * decision forwarded by `sessionProxy()` is used without a backend call.
 *
 * @example
 * ```ts
 * import { auth } from '@sessiongate/next';
 * export async function GET(request: Request) {
 *   const state = await auth(request);
 *   if (state.status !== 'signed-in') return new Response(null, { status: 401 });
 *   return Response.json({ userId: state.userId });
 * }
 * ```
 */
export function auth(request: Request): Promise<AuthState> {
  defaultResolver ??= createResolver();
  return decideRequest(defaultResolver, request);
}

/**
 * Like {@link auth}, bound to explicit options (`apiKey`, `apiUrl`, `client`, `proxySecret`, …),
 * validated once here.
 *
 * @example
 * ```ts
 * import { createAuth } from '@sessiongate/next';
 * export const auth = createAuth({ apiUrl: process.env.CLERK_API_URL });
 * ```
 */
export function createAuth(options?: NextAuthOptions): (request: Request) => Promise<AuthState> {
  const resolve = createResolver(options);
  return (request) => decideRequest(resolve, request);
}
