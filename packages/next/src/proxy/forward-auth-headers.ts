import type { AuthState } from '@sessiongate/core';
import { FORWARDED_AUTH_HEADER, FORWARDED_HEADER_PREFIX, signForwardedState } from './forwarded-state.js';
import { policyOf, splitOptions, type NextAuthOptions } from '../lib/resolver.js';
import { resolveProxySecret } from './proxy-secret.js';

/**
 * The request headers to hand downstream from a proxy: a copy of the client's headers
 * without any `x-sessiongate-*` header it sent, plus `x-sessiongate-auth` carrying `state`
 * signed (HMAC-SHA-256) and bound to this request's credentials, method and session-id query.
 * Use it when you write the proxy yourself: `NextResponse.next({ request: { headers } })`.
 * `options` are those `state` was decided with (`proxySecret`, and the client options, which
 * routes compare with their own: give `createAuth(options)` and this the same ones).
 *
 * @example
 * ```ts
 * // proxy.ts
 * import { NextResponse, type NextRequest } from 'next/server.js';
 * import { auth, forwardAuthHeaders } from '@sessiongate/next';
 * export async function proxy(request: NextRequest) {
 *   const state = await auth(request);
 *   return NextResponse.next({ request: { headers: await forwardAuthHeaders(request, state) } });
 * }
 * ```
 */
export async function forwardAuthHeaders(
  request: Request,
  state: AuthState,
  options?: NextAuthOptions,
): Promise<Headers> {
  return signedHeaders(request, state, resolveProxySecret(splitOptions(options).own.proxySecret), policyOf(options));
}

/** {@link forwardAuthHeaders} with the secret and the decision policy already resolved. */
export async function signedHeaders(request: Request, state: AuthState, secret: string, policy: string): Promise<Headers> {
  const headers = stripForwardedHeaders(request.headers);
  const binding = { headers: request.headers, url: request.url, method: request.method, policy };
  headers.set(FORWARDED_AUTH_HEADER, await signForwardedState(state, binding, secret));
  return headers;
}

/** A copy of `headers` without any `x-sessiongate-*` header (those are never trusted from clients). */
export function stripForwardedHeaders(headers: Headers): Headers {
  const copy = new Headers(headers);
  for (const name of [...copy.keys()]) {
    if (name.toLowerCase().startsWith(FORWARDED_HEADER_PREFIX)) copy.delete(name);
  }
  return copy;
}
