import type { AuthState } from './auth-state.js';
import { createBackendStrategy } from './authenticate.js';
import { promised, type Decide } from './decide.js';
import { BackendClient } from './http/backend-client.js';
import { selectStrategy } from './jwt/select-strategy.js';
import { type ClerkOptions, parseOptions } from './options.js';
import type { AuthenticateRequestInput } from './request/input.js';
import { type ClientsApi, createClientsApi } from './resources/clients-api.js';
import { createSessionsApi, type SessionsApi } from './resources/sessions-api.js';
import { createUsersApi, type UsersApi } from './resources/users-api.js';

/**
 * A Backend API client: `clients`, `sessions`, `users` and `authenticateRequest`. Options are
 * validated here, once (`ERR_INVALID_OPTION`); the key, URL and version fall back to
 * `CLERK_API_KEY`, `CLERK_API_URL` and `CLERK_API_VERSION`, read at the first call.
 *
 * @example
 * ```ts
 * import { Clerk } from '@sessiongate/core';
 * const clerk = new Clerk({ apiKey: process.env.CLERK_API_KEY, timeoutMs: 2000 });
 * const state = await clerk.authenticateRequest(request);
 * if (state.status === 'signed-in') console.log(state.userId);
 * ```
 */
export class Clerk {
  readonly clients: ClientsApi;
  readonly sessions: SessionsApi;
  readonly users: UsersApi;
  /**
   * Decides a request: `signed-in`, `signed-out` (with a reason) or `unavailable`. Bound: it
   * can be passed around (`const auth = clerk.authenticateRequest`).
   */
  readonly authenticateRequest: (req: AuthenticateRequestInput) => Promise<AuthState>;
  /**
   * The same decision as {@link Clerk.authenticateRequest}, returned synchronously when it needs
   * no I/O (a missing or malformed credential, a cache hit) and as a promise otherwise; a
   * misconfiguration is thrown synchronously. For adapters that answer a cache hit without a
   * microtask hop. Bound, like `authenticateRequest`.
   *
   * @example
   * ```ts
   * const result = clerk.decideRequest({ method: req.method, url: req.url, headers: req.headers });
   * const state = result instanceof Promise ? await result : result;
   * ```
   */
  readonly decideRequest: Decide;
  /**
   * Drops every cached verification of this session (all its tokens, with or without an explicit
   * id), so that its next request is verified with the backend: call it when a webhook says the
   * session was revoked, ended or removed (the webhook helpers of the adapters do). A verification
   * of that session already in flight is answered but not cached. Resolves at once without a
   * cache; logs once and does nothing when the cache store has no `deleteBySession`; rejects with
   * `ERR_CACHE_INVALIDATION_FAILED` when the store fails (so a webhook is retried). Bound.
   *
   * @example
   * ```ts
   * const clerk = new Clerk({ cache: { ttlMs: 60_000 } });
   * await clerk.invalidateSession('sess_2abc');
   * ```
   */
  readonly invalidateSession: (sessionId: string) => Promise<void>;
  /**
   * Drops every cached verification of this user's sessions (see {@link Clerk.invalidateSession}):
   * for a user updated or deleted. Bound.
   *
   * @example
   * ```ts
   * await clerk.invalidateUser('user_2abc');
   * ```
   */
  readonly invalidateUser: (userId: string) => Promise<void>;

  constructor(options: ClerkOptions = {}) {
    const parsed = parseOptions(options);
    const backend = new BackendClient(parsed);
    this.clients = createClientsApi(backend);
    this.sessions = createSessionsApi(backend);
    this.users = createUsersApi(backend);
    const { sessions, clients } = this;
    const backendStrategy = createBackendStrategy(
      {
        verifySession: (sessionId, token) => sessions.verifySession(sessionId, token),
        verifyClient: (token) => clients.verifyClient(token),
      },
      parsed.authenticate,
    );
    // the networkless strategy keeps no verification cache: only the backend strategy's is dropped
    this.invalidateSession = backendStrategy.invalidateSession;
    this.invalidateUser = backendStrategy.invalidateUser;
    // Networkless session-JWT verification when configured (jwtKey / CLERK_JWT_KEY / verification).
    this.decideRequest = selectStrategy({
      jwt: parsed.jwt,
      resolve: { requireSessionIdForUnsafeMethods: parsed.authenticate.requireSessionIdForUnsafeMethods },
      backend,
      logger: parsed.authenticate.logger,
      backendStrategy: backendStrategy.decide,
    });
    this.authenticateRequest = promised(this.decideRequest);
  }
}

/**
 * Creates a {@link Clerk} (the 2021 SDK's factory name).
 *
 * @example
 * ```ts
 * const clerk = createClerkClient({ apiUrl: 'http://127.0.0.1:4010', apiKey: 'test_…' });
 * const user = await clerk.users.getUser('user_abc');
 * ```
 */
export function createClerkClient(options?: ClerkOptions): Clerk {
  return new Clerk(options);
}
