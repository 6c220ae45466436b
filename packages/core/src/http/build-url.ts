import { sgError } from '../errors.js';
import type { Endpoint } from './endpoint.js';

/**
 * Builds `{base}/{segments...}?{query}` with every segment encoded, then checks that the
 * parsed URL's pathname is exactly what the template expects (no dot segments, no extra
 * segments, no query or fragment smuggled in through a segment).
 */
export function buildUrl(endpoint: Endpoint, segments: readonly string[], query?: URLSearchParams): string {
  let path = endpoint.basePath;
  for (const s of segments) path += `/${encodeURIComponent(s)}`;
  const qs = query?.toString();
  const url = `${endpoint.base.slice(0, endpoint.base.length - endpoint.basePath.length)}${path}${qs ? `?${qs}` : ''}`;
  const parsed = new URL(url);
  if (parsed.pathname !== path || parsed.hash !== '' || parsed.search !== (qs ? `?${qs}` : '')) {
    throw sgError('ERR_INVALID_ARGUMENT', 'refusing to send a request whose path differs from its template');
  }
  return url;
}
