import type { AuthState } from './auth-state.js';
import { createBackendVerify, stateOfFailure, type VerifyBackend } from './backend/verify.js';
import { coalesced, withVerificationCache, type CacheInvalidation, type VerificationCacheOptions } from './cache/verification-cache.js';
import { verificationKey } from './coalesce.js';
import { badRequestArgument, promised, type Decide } from './decide.js';
import { createLogOnce } from './lib/log-once.js';
import { mapBackendError } from './backend/map-error.js';
import type { AuthenticateConfig } from './options.js';
import type { AuthenticateRequestInput } from './request/input.js';
import { resolveRequest } from './request/resolve-request.js';

export type { AuthenticateRequestInput, HeaderBag } from './request/input.js';
export type { VerifyBackend } from './backend/verify.js';

/**
 * The promise-only form of {@link createRequestDecider}: the `authenticateRequest` of one client.
 *
 * @example
 * const authenticate = createRequestAuthenticator(
 *   { verifySession: (id, token) => sessions.verifySession(id, token), verifyClient: (t) => clients.verifyClient(t) },
 *   { requireSessionIdForUnsafeMethods: false, cache: false, logger: console },
 * );
 * const state = await authenticate({ method: 'GET', url: '/me', headers: { cookie: '__session=…' } });
 */
export function createRequestAuthenticator(
  backend: VerifyBackend,
  config: AuthenticateConfig,
): (req: AuthenticateRequestInput) => Promise<AuthState> {
  return promised(createRequestDecider(backend, config));
}

/**
 * The backend strategy, composed: the pure resolver (`request/`), then the verification
 * (`backend/verify.ts`) by the key of the token and session id, behind the verification cache
 * when one is configured (`cache/verification-cache.ts`), concurrent identical calls shared.
 * A resolver verdict and a synchronous cache hit are returned synchronously (see {@link Decide}).
 * It never throws or rejects with anything but a misconfiguration (`ERR_MISSING_API_KEY`,
 * `ERR_INVALID_OPTION`) or a `TypeError` for a non-object argument; every other failure is a
 * `signed-out` or `unavailable` state, never `signed-in`.
 *
 * @example
 * const decide = createRequestDecider(backend, config);
 * const result = decide({ url: '/me', headers: { cookie: '__session=…' } });
 * const state = result instanceof Promise ? await result : result;
 */
export function createRequestDecider(backend: VerifyBackend, config: AuthenticateConfig): Decide {
  return createBackendStrategy(backend, config).decide;
}

/** The backend strategy's decide function, and the invalidation of its cache (a no-op without one). */
export interface BackendStrategy extends CacheInvalidation {
  decide: Decide;
}

/** {@link createRequestDecider}, with `invalidateSession` / `invalidateUser` for its verification cache. */
export function createBackendStrategy(backend: VerifyBackend, config: AuthenticateConfig): BackendStrategy {
  const log = createLogOnce(config.logger);
  const resolveOptions = { requireSessionIdForUnsafeMethods: config.requireSessionIdForUnsafeMethods === true };
  const verify = createBackendVerify(backend, log);
  const cache: VerificationCacheOptions | false | undefined = config.cache;
  const cached = cache === false || cache === undefined ? undefined : withVerificationCache(verify, cache, log);
  const verifyByKey = cached === undefined ? coalesced(verify) : cached.verify;

  const decide: Decide = function decideRequest(req: AuthenticateRequestInput): AuthState | Promise<AuthState> {
    if (typeof req !== 'object' || req === null) throw badRequestArgument();
    try {
      const resolved = resolveRequest(req, resolveOptions);
      if (resolved.status === 'signed-out') return resolved;
      const { token, sessionId } = resolved;
      return verifyByKey(token, sessionId, verificationKey(token, sessionId));
    } catch (error) {
      // an unexpected throw is `unavailable` (logged once); a misconfiguration is rethrown
      return stateOfFailure(mapBackendError(error), log);
    }
  };
  return {
    decide,
    invalidateSession: cached === undefined ? noCache : (sessionId) => cached.invalidateSession(sessionId),
    invalidateUser: cached === undefined ? noCache : (userId) => cached.invalidateUser(userId),
  };
}

async function noCache(): Promise<void> {}
