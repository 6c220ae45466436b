import type { AuthState } from '@sessiongate/core';
import type { NextRequest } from 'next/server.js';
import { createResolver, policyOf, splitOptions, type NextAuthOptions } from '../lib/resolver.js';
import { PKG } from '../lib/package-name.js';
import { signedHeaders, stripForwardedHeaders } from './forward-auth-headers.js';
import { lazyProxySecret } from './proxy-secret.js';

/** Options of {@link sessionProxy}. */
export interface SessionProxyOptions extends Omit<NextAuthOptions, 'trustProxy'> {
  /**
   * Called with the decision before forwarding. Return a `Response` (a redirect to your
   * sign-in page, a 401, …) to answer instead; return nothing to continue downstream.
   */
  onAuth?: (state: AuthState, request: NextRequest) => Response | undefined | void | Promise<Response | undefined | void>;
}

/**
 * Builds a `proxy.ts` (Next 16) / `middleware.ts` (Next 15) function that authenticates
 * every matched request once and forwards the signed decision downstream in the
 * `x-sessiongate-auth` request header, where `auth()`, `withAuth()`, `withSession()`, …
 * use it without a second backend call. Client-sent `x-sessiongate-*` headers are removed.
 *
 * On the Edge runtime (Next 15's default for `middleware.ts`) pass
 * `transport: createFetchTransport()` and set `SESSIONGATE_PROXY_SECRET`.
 *
 * @example
 * ```ts
 * // proxy.ts
 * import { sessionProxy } from '@sessiongate/next';
 * export const proxy = sessionProxy();
 * export const config = { matcher: ['/api/:path*'] };
 * ```
 */
export function sessionProxy(options?: SessionProxyOptions): (request: NextRequest) => Promise<Response> {
  const { own, extra } = splitOptions(options, ['onAuth']);
  const onAuth = extra.onAuth as SessionProxyOptions['onAuth'];
  if (onAuth !== undefined && typeof onAuth !== 'function') {
    throw new TypeError(`${PKG}: invalid option "onAuth": must be a function`);
  }
  const { onAuth: _ignored, ...resolverOptions } = options ?? {};
  // The proxy itself must never believe a forwarded header: it is where they are made.
  const resolve = createResolver({ ...resolverOptions, trustProxy: false });
  const secret = lazyProxySecret(own.proxySecret);
  const policy = policyOf(resolverOptions);
  return async function sessionProxyHandler(request) {
    const key = secret();
    const state = await resolve({ method: request.method, url: request.url, headers: stripForwardedHeaders(request.headers) });
    const answer = onAuth ? await onAuth(state, request) : undefined;
    if (answer) return answer;
    const headers = await signedHeaders(request, state, key, policy);
    const { NextResponse } = await import('next/server.js');
    return NextResponse.next({ request: { headers } });
  };
}
