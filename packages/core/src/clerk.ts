import type { AuthState } from './auth-state.js';
import { createRequestAuthenticator } from './authenticate.js';
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

  constructor(options: ClerkOptions = {}) {
    const parsed = parseOptions(options);
    const backend = new BackendClient(parsed);
    this.clients = createClientsApi(backend);
    this.sessions = createSessionsApi(backend);
    this.users = createUsersApi(backend);
    const { sessions, clients } = this;
    const backendStrategy = createRequestAuthenticator(
      {
        verifySession: (sessionId, token) => sessions.verifySession(sessionId, token),
        verifyClient: (token) => clients.verifyClient(token),
      },
      parsed.authenticate,
    );
    // Networkless session-JWT verification when configured (jwtKey / CLERK_JWT_KEY / verification).
    this.authenticateRequest = selectStrategy({
      jwt: parsed.jwt,
      resolve: { requireSessionIdForUnsafeMethods: parsed.authenticate.requireSessionIdForUnsafeMethods },
      backend,
      logger: parsed.authenticate.logger,
      backendStrategy,
    });
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
