import type { AuthState } from '@sessiongate/core';
import { FORWARDED_AUTH_HEADER, FORWARDED_HEADER_PREFIX, signForwardedState } from './forwarded-state.js';
import { resolveProxySecret } from './proxy-secret.js';

/**
 * The request headers to hand downstream from a proxy: a copy of the client's headers
 * without any `x-sessiongate-*` header it sent, plus `x-sessiongate-auth` carrying `state`
 * signed (HMAC-SHA-256) and bound to this request's credentials. Use it when you write the
 * proxy yourself: `NextResponse.next({ request: { headers } })`.
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
  options?: { proxySecret?: string },
): Promise<Headers> {
  const headers = stripForwardedHeaders(request.headers);
  const secret = resolveProxySecret(options?.proxySecret);
  headers.set(FORWARDED_AUTH_HEADER, await signForwardedState(state, { headers: request.headers, url: request.url }, secret));
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
