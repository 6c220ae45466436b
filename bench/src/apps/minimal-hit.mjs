import { hash } from 'node:crypto';
import { createDecider } from '@sessiongate/core/adapter';
import { LRUCache } from 'lru-cache';
import { createNetworkMinimalHit, valueAfter } from './network-minimal.mjs';

/**
 * A reference for the load benchmark, not a product path: the least work that a cache hit of
 * this design does, and nothing more. The `__session` cookie and `_clerk_session_id` are taken
 * by plain string search (no validation of either), the key is the SHA-256 of the token
 * (base64url) + `:` + the id (`*` without one), one lru-cache lookup, one clock reading for the
 * expiry, and a fresh copy of the session for the request. A miss asks the core (with the
 * `cached` variant's options, its cache off) and keeps a signed-in answer for the same TTL.
 *
 * Its ratio to the baseline is the best the `cached` variant could reach on this machine if the
 * checks and the adapters' bookkeeping cost nothing. Returns the session or `null` (answer 401), or
 * a promise of either on a miss. Without a cache (the `network-minimal` variant) it is
 * network-minimal.mjs: every request is one backend call.
 */
export function createMinimalHit(options) {
  // the network rows' reference: no cache, one backend call per request
  if (options.cache === undefined) return createNetworkMinimalHit(options);
  const { ttlMs, max } = options.cache;
  // the misses go to the backend; the caching is this function's own
  const decide = createDecider({ ...options, cache: false });
  const lru = new LRUCache({ max });
  return function minimalHit(url, headers) {
    const token = valueAfter(headers.cookie ?? '', '__session=', ';');
    if (token === null || token === '') return null;
    const key = `${hash('sha256', token, 'base64url')}:${valueAfter(url, '_clerk_session_id=', '&') ?? '*'}`;
    const entry = lru.get(key);
    if (entry !== undefined && entry.expiresAt > Date.now()) return { ...entry.session };
    return Promise.resolve()
      .then(() => decide({ method: 'GET', url, headers }))
      .then((state) => {
        if (state.status !== 'signed-in') return null;
        lru.set(key, { session: state.session, expiresAt: Date.now() + ttlMs });
        return { ...state.session };
      });
  };
}

/**
 * The minimal hit as a callback-style hook (Express middleware, Fastify preHandler): runs it on
 * `urlOf(req)` and `req.headers`, then `admit(req, res, next, session)` at once on a hit, or once
 * the miss is answered; a failed miss goes to `next(error)`.
 */
export function createMinimalHook(options, urlOf, admit) {
  const hit = createMinimalHit(options);
  return (req, res, next) => {
    const result = hit(urlOf(req), req.headers);
    if (result instanceof Promise) result.then((session) => admit(req, res, next, session), next);
    else admit(req, res, next, result);
  };
}
