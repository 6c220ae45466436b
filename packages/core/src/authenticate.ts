import type { AuthState, SignedInState, SignedOutState, UnavailableState } from './auth-state.js';
import {
  clampTtl,
  createLruCacheStore,
  ownLruStore,
  REFRESH_AHEAD_FRACTION,
  REFRESH_AHEAD_JITTER,
  type CacheEntry,
  type OwnLruStore,
  type VerificationCacheStore,
} from './cache/index.js';
import { createCoalescer, verificationKey } from './coalesce.js';
import { mapBackendError, type BackendErrorDecision } from './request/map-backend-error.js';
import type { AuthenticateRequestInput } from './request/input.js';
import { resolveRequest } from './request/resolve-request.js';
import { signedOut, unavailable } from './request/signed-out.js';
import type { Client } from './resources/client.js';
import type { Session } from './resources/session.js';
import { badRequestArgument, promised, type Decide } from './decide.js';

export type { AuthenticateRequestInput, HeaderBag } from './request/input.js';

/** The two Backend API calls `authenticateRequest` may make: exactly one of them per request. */
export interface VerifyBackend {
  verifySession(sessionId: string, token: string): Promise<Session>;
  verifyClient(token: string): Promise<Client>;
}

/** How the authenticator behaves; built from validated {@link ClerkOptions} by the Clerk class. */
export interface AuthenticateConfig {
  requireSessionIdForUnsafeMethods: boolean;
  /**
   * `refreshAhead` (default true): a hit after 75-85% of an entry's TTL (drawn per entry) starts one
   * background verification, so that hot sessions are verified again before they expire
   * instead of stalling a request on a miss; the entry is still never served past its expiry.
   */
  cache: false | { ttlMs: number; max: number; store?: VerificationCacheStore; refreshAhead?: boolean };
  logger: Pick<Console, 'warn' | 'error'> | false;
}

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
 * Builds the backend strategy's decision function: the pure resolver, then (when the cache is
 * on) the cache, then ONE backend call shared by concurrent identical requests. A resolver
 * verdict and a synchronous cache hit are returned synchronously (see {@link Decide}).
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
  const logger = config.logger === false ? undefined : config.logger;
  const resolveOptions = { requireSessionIdForUnsafeMethods: config.requireSessionIdForUnsafeMethods === true };
  const coalescer = createCoalescer<AuthState>();
  const cache = config.cache === false || config.cache === undefined ? undefined : cacheSettings(config.cache);
  // our own LRU store answers synchronously with entries we wrote and already drops expired ones
  const own = cache?.own;
  const logged = { misconfigured: false, unexpected: false, cacheGet: false, cacheSet: false };

  const log = (kind: keyof typeof logged, level: 'warn' | 'error', message: string): void => {
    if (logged[kind] || logger === undefined) return;
    logged[kind] = true;
    try {
      logger[level](`${__PKG_NAME__}: ${message}`);
    } catch {
      // a broken logger must not decide a request
    }
  };

  const decide = (decision: BackendErrorDecision): AuthState => {
    if (decision.kind === 'rethrow') throw decision.error;
    if (decision.log === 'misconfigured') {
      log('misconfigured', 'error', `the Backend API rejected our API key (${decision.detail}). Every request is 'unavailable' until CLERK_API_KEY (or the apiKey option) is fixed.`);
    } else if (decision.log === 'unexpected') {
      log('unexpected', 'error', `unexpected error while verifying a session (${decision.detail}); answering 'unavailable'. This is a bug.`);
    }
    return decision.state;
  };

  const verify = async (token: string, sessionId: string | null, key: string): Promise<AuthState> => {
    let state: AuthState;
    try {
      state = sessionId === null
        ? acceptLastActive(await backend.verifyClient(token))
        : acceptSession(await backend.verifySession(sessionId, token), sessionId);
    } catch (error) {
      return decide(mapBackendError(error));
    }
    if (cache !== undefined && state.status === 'signed-in') {
      const now = Date.now();
      // never past the session's own expiry: a cached session must not outlive it
      const expiresAt = Math.min(now + cache.ttlMs, sessionEndsAt(state.session));
      if (!(expiresAt > now)) return state;
      const entry: CacheEntry = {
        session: { ...state.session },
        sessionId: state.sessionId,
        userId: state.userId,
        expiresAt,
      };
      // no refresh-ahead for an entry cut short by the session's own end: it cannot be extended
      if (cache.refreshAfterMs !== undefined && expiresAt === now + cache.ttlMs) {
        // jittered, so that entries verified in the same burst are not all refreshed in one
        entry.refreshAt = now + cache.refreshAfterMs + Math.round((Math.random() * 2 - 1) * cache.refreshJitterMs);
      }
      quietly(
        () => cache.store.set(key, entry, expiresAt - now),
        () => log('cacheSet', 'warn', 'the verification cache store failed to set an entry; continuing without it.'),
      );
    }
    return state;
  };

  const network = (token: string, sessionId: string | null, key: string): Promise<AuthState> =>
    coalescer.run(key, () => verify(token, sessionId, key)).then(copyForCaller);

  // a stale entry that cannot be deleted is still never used
  const forget = (key: string): void => {
    const store = cache?.store;
    if (store?.delete !== undefined) quietly(() => store.delete!(key), ignore);
  };

  /**
   * Re-stores an entry as it was, minus its refresh-ahead time: one background attempt per entry.
   * If that fails, the entry keeps its refresh time: another attempt on a later hit.
   */
  const keepUntilExpiry = (key: string, entry: CacheEntry): void => {
    const ttlMs = entry.expiresAt - Date.now();
    if (!(ttlMs >= 1) || cache === undefined) return;
    const { refreshAt: _dropped, ...kept } = entry;
    quietly(() => cache.store.set(key, kept, ttlMs), ignore);
  };

  /**
   * Refresh-ahead, for a hit that is being answered from the cache: once the entry's `refreshAt`
   * has passed (`now`), one background verification starts (shared with any request that misses
   * meanwhile). Signed in: the new entry replaces the old one. Signed out (revoked…): the entry
   * is deleted at once. Unavailable: the entry is served until its own expiry, with no further
   * attempt.
   */
  const refreshIfDue = (entry: CacheEntry, now: number, token: string, sessionId: string | null, key: string): void => {
    const { refreshAt } = entry;
    // the check alone, small enough to be inlined into every hit; the refresh is rare
    if (typeof refreshAt === 'number' && refreshAt <= now) refresh(entry, token, sessionId, key);
  };

  const refresh = (entry: CacheEntry, token: string, sessionId: string | null, key: string): void => {
    if (coalescer.has(key)) return;
    coalescer.run(key, () => verify(token, sessionId, key)).then(
      (state) => {
        if (state.status === 'signed-out') forget(key);
        else if (state.status === 'unavailable') keepUntilExpiry(key, entry);
      },
      () => keepUntilExpiry(key, entry),
    );
  };

  const fromStore = (found: unknown, token: string, sessionId: string | null, key: string): AuthState | Promise<AuthState> => {
    const now = Date.now();
    const state = readEntry(found, sessionId, now);
    if (state !== undefined) {
      refreshIfDue(found as CacheEntry, now, token, sessionId, key);
      return state;
    }
    if (found !== undefined) forget(key);
    return network(token, sessionId, key);
  };

  return function decideRequest(req: AuthenticateRequestInput): AuthState | Promise<AuthState> {
    if (typeof req !== 'object' || req === null) throw badRequestArgument();
    try {
      const resolved = resolveRequest(req, resolveOptions);
      if (resolved.status === 'signed-out') return resolved;
      const { token, sessionId } = resolved;
      const key = verificationKey(token, sessionId);
      if (cache === undefined) return network(token, sessionId, key);
      if (own !== undefined) {
        // one clock reading per hit, for the expiry and the refresh-ahead time alike
        const now = Date.now();
        const entry = own.lookup(key, now);
        // the key holds the session id, so a hit is for the session asked; checked all the same
        if (entry !== undefined && (sessionId === null || entry.sessionId === sessionId)) {
          refreshIfDue(entry, now, token, sessionId, key);
          return signedInFrom(entry);
        }
        return network(token, sessionId, key);
      }
      let found: unknown;
      try {
        found = cache.store.get(key);
      } catch {
        log('cacheGet', 'warn', 'the verification cache store failed to answer; verifying with the backend instead.');
        return network(token, sessionId, key);
      }
      if (isPromiseLike(found)) {
        return Promise.resolve(found).then(
          (value) => fromStore(value, token, sessionId, key),
          () => {
            log('cacheGet', 'warn', 'the verification cache store failed to answer; verifying with the backend instead.');
            return network(token, sessionId, key);
          },
        );
      }
      return fromStore(found, token, sessionId, key);
    } catch (error) {
      // an unexpected throw is `unavailable` (logged once); a misconfiguration is rethrown
      return decide(mapBackendError(error));
    }
  };
}

interface CacheSettings {
  ttlMs: number;
  store: VerificationCacheStore;
  /** Set when `store` was made by {@link createLruCacheStore} (see {@link ownLruStore}). */
  own: OwnLruStore | undefined;
  /** Age at which a hit starts a background verification; `undefined`: refresh-ahead is off. */
  refreshAfterMs: number | undefined;
  /** Each entry's refresh time is moved by a random amount within ± this. */
  refreshJitterMs: number;
}

function cacheSettings(options: Exclude<AuthenticateConfig['cache'], false>): CacheSettings {
  const store = options.store ?? createLruCacheStore({ max: options.max, ttlMs: options.ttlMs });
  // a store of ours caps entries to its own TTL: the refresh time must fall within it
  const own = ownLruStore(store);
  const ttlMs = Math.min(clampTtl(options.ttlMs, 'cache.ttlMs'), own?.ttlMs ?? Infinity);
  const refreshAfterMs = Math.floor(ttlMs * REFRESH_AHEAD_FRACTION);
  return {
    ttlMs,
    store,
    own,
    refreshAfterMs: options.refreshAhead === false || refreshAfterMs < 1 ? undefined : refreshAfterMs,
    refreshJitterMs: Math.floor(ttlMs * REFRESH_AHEAD_JITTER),
  };
}

/** `verifySession` answered: only an `active` session with the id we asked for is signed in. */
function acceptSession(session: Session, sessionId: string): AuthState {
  if (!isSessionLike(session)) return unavailable('backend-response-invalid');
  if (session.id !== sessionId) return signedOut('session-mismatch');
  return signedInOrInactive(session);
}

/** `verifyClient` answered: its last active session, taken from the same response. */
function acceptLastActive(client: Client): AuthState {
  if (typeof client !== 'object' || client === null || !Array.isArray(client.sessions)) {
    return unavailable('backend-response-invalid');
  }
  const lastActiveId = client.lastActiveSessionId;
  if (typeof lastActiveId !== 'string' || lastActiveId === '') return signedOut('no-active-session');
  const session = client.sessions.find((s) => isSessionLike(s) && s.id === lastActiveId);
  if (session === undefined) return signedOut('no-active-session');
  if (typeof session.clientId === 'string' && typeof client.id === 'string' && session.clientId !== client.id) {
    return signedOut('session-mismatch');
  }
  return signedInOrInactive(session);
}

function signedInOrInactive(session: Session): SignedInState | SignedOutState | UnavailableState {
  if (session.status !== 'active') return signedOut('session-inactive');
  if (typeof session.userId !== 'string' || session.userId === '') return unavailable('backend-response-invalid');
  return { status: 'signed-in', session, sessionId: session.id, userId: session.userId };
}

function isSessionLike(value: unknown): value is Session {
  return typeof value === 'object' && value !== null && typeof (value as Session).id === 'string' && typeof (value as Session).status === 'string';
}

/** A cache entry becomes a fresh signed-in state, or `undefined` (a miss) when it is unusable. */
function readEntry(found: unknown, sessionId: string | null, now: number): SignedInState | undefined {
  if (typeof found !== 'object' || found === null) return undefined;
  const entry = found as Partial<CacheEntry>;
  if (typeof entry.expiresAt !== 'number' || !(entry.expiresAt > now)) return undefined;
  if (typeof entry.sessionId !== 'string' || typeof entry.userId !== 'string' || entry.userId === '') return undefined;
  if (sessionId !== null && entry.sessionId !== sessionId) return undefined;
  const session = entry.session;
  if (!isSessionLike(session) || session.status !== 'active' || session.id !== entry.sessionId || session.userId !== entry.userId) {
    return undefined;
  }
  return signedInFrom(entry as CacheEntry);
}

/** A fresh signed-in state (and session object) per request: callers may mutate theirs. */
function signedInFrom(entry: CacheEntry): SignedInState {
  return { status: 'signed-in', session: { ...entry.session }, sessionId: entry.sessionId, userId: entry.userId };
}

/**
 * When the session stops being valid (the earlier of `expireAt` and `abandonAt`, in ms), or
 * `Infinity` when the backend gave no usable time. The 2021 API answered in seconds, today's in ms:
 * values below 10^11 (before 1973 in ms) are read as seconds.
 */
function sessionEndsAt(session: Session): number {
  let end = Infinity;
  for (const t of [session.expireAt, session.abandonAt]) {
    if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) continue;
    end = Math.min(end, t < 1e11 ? t * 1000 : t);
  }
  return end;
}

/** Concurrent callers share one decision; each gets its own signed-in object to mutate. */
function copyForCaller(state: AuthState): AuthState {
  return state.status === 'signed-in' ? { ...state, session: { ...state.session } } : state;
}

/** Calls a store operation; a synchronous throw or a rejection calls `onFailure` instead of escaping. */
function quietly(operation: () => unknown, onFailure: () => void): void {
  try {
    const pending = operation();
    if (isPromiseLike(pending)) pending.then(undefined, onFailure);
  } catch {
    onFailure();
  }
}

function ignore(): void {}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}
