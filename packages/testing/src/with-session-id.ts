import { TestingError } from './errors.js';

const PARAM = '_clerk_session_id';
const BASE = 'http://sessiongate.invalid';

/**
 * `url` with `_clerk_session_id=<sessionId>` set (replacing any earlier value), keeping the
 * rest of the query and the hash. A path stays a path, an absolute URL stays absolute.
 *
 * @example
 * withSessionId('/api/me?x=1', 'sess_123') // '/api/me?x=1&_clerk_session_id=sess_123'
 */
export function withSessionId(url: string, sessionId: string): string {
  if (typeof url !== 'string') throw new TestingError('ERR_INVALID_ARGUMENT', 'withSessionId(url) expects a string URL or path');
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(url);
  const parsed = new URL(url, BASE);
  parsed.searchParams.set(PARAM, sessionId);
  if (absolute) return parsed.href;
  const path = url.startsWith('/') ? parsed.pathname : parsed.pathname.slice(1);
  return `${path}${parsed.search}${parsed.hash}`;
}
