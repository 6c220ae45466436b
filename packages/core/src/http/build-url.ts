import { sgError } from '../errors.js';
import type { Endpoint } from './endpoint.js';

/**
 * Builds `{base}/{segments...}?{query}` with every segment encoded, so that the URL's path is
 * exactly what the template expects: no dot segments, no extra segments, no query or fragment
 * smuggled in through a segment.
 *
 * Why no `new URL(url)` to check the result: `encodeURIComponent` leaves only
 * `A-Z a-z 0-9 - _ . ! ~ * ' ( )` and `%XX` in a segment, none of which a URL parser changes in a
 * path, and it encodes `%` itself, so `%2e` never reaches the parser; the one thing the parser
 * would still rewrite is a segment that is exactly `.` or `..` (a dot segment, normalised
 * away), which is refused here. That is the same rule as parsing and comparing (the test
 * checks the two agree over every printable ASCII character and the dot forms), without a
 * URL parse per backend call (about 1 µs and 0.5 kB on a loaded app).
 */
export function buildUrl(endpoint: Endpoint, segments: readonly string[], query?: URLSearchParams): string {
  let path = endpoint.basePath;
  for (const s of segments) {
    if (s === '.' || s === '..') throw sgError('ERR_INVALID_ARGUMENT', 'refusing to send a request whose path differs from its template');
    path += `/${encodeURIComponent(s)}`;
  }
  const qs = query?.toString();
  return `${endpoint.base.slice(0, endpoint.base.length - endpoint.basePath.length)}${path}${qs ? `?${qs}` : ''}`;
}
