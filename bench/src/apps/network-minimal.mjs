// Node's bundled fetch claims the global dispatcher first, as the core does before it loads
// undici (packages/core/src/lib/runtime/node.ts): otherwise this import would route the process's
// fetch() through undici 7, which on Node 20 rejects a content-length header of the caller's own
void globalThis.Headers;
const { Pool } = await import('undici');

/**
 * A reference for the load benchmark's network rows, not a product path: the least work that
 * verifying every request against the Backend API takes, and nothing more. The `__session`
 * cookie and `_clerk_session_id` are taken by plain string search (no validation of either), one
 * keep-alive call per request through undici's `dispatch` (the cheapest of its APIs: no body
 * stream) with a handler that collects the body, `JSON.parse`, and the acceptance rule (an
 * `active` session with the id asked for, or the client's last active session). No deadline,
 * no size cap, no retry, no schema, no coalescing, no error mapping: a failure is a 401.
 *
 * Its ratio to the baseline is the best the `network` variant could reach on this machine if the
 * core's checks cost nothing. Returns a promise of the session or `null` (answer 401).
 */
export function createNetworkMinimalHit({ apiUrl, apiKey }) {
  const url = new URL(apiUrl);
  const pool = new Pool(url.origin, { connections: 32, keepAliveTimeout: 4_000 });
  const base = url.pathname.replace(/\/$/, '');
  const headers = { authorization: `Bearer ${apiKey}`, accept: 'application/json', 'content-type': 'application/json' };
  return function networkMinimalHit(reqUrl, reqHeaders) {
    const token = valueAfter(reqHeaders.cookie ?? '', '__session=', ';');
    if (token === null || token === '') return Promise.resolve(null);
    const sessionId = valueAfter(reqUrl, '_clerk_session_id=', '&');
    const path = sessionId === null ? `${base}/v1/clients/verify` : `${base}/v1/sessions/${sessionId}/verify`;
    return new Promise((resolve) => {
      pool.dispatch({ path, method: 'POST', headers, body: JSON.stringify({ token }) }, new Collect(resolve, sessionId));
    });
  };
}

class Collect {
  constructor(resolve, sessionId) {
    this.resolve = resolve;
    this.sessionId = sessionId;
    this.status = 0;
    this.chunks = [];
  }
  onRequestStart() {}
  onResponseStart(_controller, status) {
    this.status = status;
  }
  onResponseData(_controller, chunk) {
    this.chunks.push(chunk);
  }
  onResponseEnd() {
    if (this.status !== 200) return this.resolve(null);
    const body = JSON.parse(this.chunks.length === 1 ? this.chunks[0].toString('utf8') : Buffer.concat(this.chunks).toString('utf8'));
    const session = this.sessionId === null ? body.sessions?.find((s) => s.id === body.last_active_session_id) : body;
    const accepted = session !== undefined && session.status === 'active' && (this.sessionId === null || session.id === this.sessionId);
    this.resolve(accepted ? { id: session.id, userId: session.user_id, status: session.status } : null);
  }
  onResponseError() {
    this.resolve(null);
  }
}

/** The text after `prefix` in `text`, up to `separator` or the end; `null` without `prefix`. No validation. */
export function valueAfter(text, prefix, separator) {
  const at = text.indexOf(prefix);
  if (at === -1) return null;
  const from = at + prefix.length;
  const end = text.indexOf(separator, from);
  return text.slice(from, end === -1 ? text.length : end);
}
