import type { AuthState } from './auth-state.js';
import type { Decide } from './decide.js';
import { Clerk } from './clerk.js';
import type { AuthenticateRequestInput } from './request/input.js';
import type { ClientsApi } from './resources/clients-api.js';
import type { SessionsApi } from './resources/sessions-api.js';
import type { UsersApi } from './resources/users-api.js';

let defaultClerk: Clerk | undefined;

/** The env-bound default client, created on first use (never at import). */
export function getDefaultClerk(): Clerk {
  return (defaultClerk ??= new Clerk());
}

/**
 * Client endpoints of the env-bound default client (`CLERK_API_KEY`, `CLERK_API_URL`,
 * `CLERK_API_VERSION`, read on first use; dotenv may load after the import).
 * @example
 * ```ts
 * import { clients } from '@sessiongate/core';
 * const client = await clients.verifyClient(clientToken);
 * ```
 */
export const clients: ClientsApi = {
  verifyClient: (token) => getDefaultClerk().clients.verifyClient(token),
  getClient: (clientId) => getDefaultClerk().clients.getClient(clientId),
  getClientList: () => getDefaultClerk().clients.getClientList(),
};

/**
 * Session endpoints of the env-bound default client.
 * @example
 * ```ts
 * import { sessions } from '@sessiongate/core';
 * const session = await sessions.verifySession(sessionId, clientToken);
 * ```
 */
export const sessions: SessionsApi = {
  verifySession: (sessionId, token) => getDefaultClerk().sessions.verifySession(sessionId, token),
  getSession: (sessionId) => getDefaultClerk().sessions.getSession(sessionId),
  getSessionList: (params) => getDefaultClerk().sessions.getSessionList(params),
  revokeSession: (sessionId) => getDefaultClerk().sessions.revokeSession(sessionId),
};

/**
 * User endpoints of the env-bound default client.
 * @example
 * ```ts
 * import { users } from '@sessiongate/core';
 * const user = await users.getUser(session.userId);
 * ```
 */
export const users: UsersApi = {
  getUser: (userId) => getDefaultClerk().users.getUser(userId),
  getUserList: (params) => getDefaultClerk().users.getUserList(params),
};

/**
 * `authenticateRequest` of the env-bound default client.
 * @example
 * ```ts
 * import { authenticateRequest } from '@sessiongate/core';
 * const state = await authenticateRequest({ method: 'GET', url: req.url, headers: req.headers });
 * ```
 */
export function authenticateRequest(req: AuthenticateRequestInput): Promise<AuthState> {
  return getDefaultClerk().authenticateRequest(req);
}

/** `decideRequest` of the env-bound default client (for adapters built without options). */
export const decideRequest: Decide = (req) => getDefaultClerk().decideRequest(req);

/**
 * `invalidateSession` of the env-bound default client: drops every cached verification of the
 * session (see {@link Clerk.invalidateSession}).
 * @example
 * ```ts
 * import { invalidateSession } from '@sessiongate/core';
 * await invalidateSession(event.data.id); // on session.revoked
 * ```
 */
export function invalidateSession(sessionId: string): Promise<void> {
  return getDefaultClerk().invalidateSession(sessionId);
}

/**
 * `invalidateUser` of the env-bound default client: drops every cached verification of the
 * user's sessions (see {@link Clerk.invalidateUser}).
 * @example
 * ```ts
 * import { invalidateUser } from '@sessiongate/core';
 * await invalidateUser(event.data.id); // on user.deleted
 * ```
 */
export function invalidateUser(userId: string): Promise<void> {
  return getDefaultClerk().invalidateUser(userId);
}
