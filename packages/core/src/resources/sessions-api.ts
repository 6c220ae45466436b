import type { BackendClient } from '../http/backend-client.js';
import { sgError } from '../errors.js';
import { assertId, assertToken } from '../http/ids.js';
import { run } from './run.js';
import type { Session, SessionStatus } from '../domain/session.js';
import { sessionListSchema, sessionSchema } from './session.js';

/** Filters of {@link SessionsApi.getSessionList}. */
export interface SessionListParams {
  clientId?: string;
  userId?: string;
  status?: SessionStatus;
}

/** `sessions` of a {@link Clerk}: the Backend API's session endpoints. */
export interface SessionsApi {
  /**
   * Verifies that `token` (the `__session` cookie) belongs to session `sessionId`, and returns it.
   * Check `session.status === 'active'` before trusting it.
   * @example
   * ```ts
   * const session = await sessions.verifySession(req.query._clerk_session_id, clientToken);
   * ```
   */
  verifySession(sessionId: string, token: string): Promise<Session>;
  /** Fetches one session. @example `await sessions.getSession('sess_abc')` */
  getSession(sessionId: string): Promise<Session>;
  /** Lists sessions. @example `await sessions.getSessionList({ userId: 'user_abc', status: 'active' })` */
  getSessionList(params?: SessionListParams): Promise<Session[]>;
  /** Revokes a session (never retried). @example `await sessions.revokeSession('sess_abc')` */
  revokeSession(sessionId: string): Promise<Session>;
}

const STATUS_PATTERN = /^[a-z_]{1,32}$/;

export function createSessionsApi(backend: BackendClient): SessionsApi {
  return {
    verifySession(sessionId, token) {
      return run(() => {
        assertId('sessionId', sessionId, 'sessions.verifySession()');
        assertToken(token, 'sessions.verifySession()');
        return backend.call({ name: 'sessions.verifySession()', method: 'POST', segments: ['sessions', sessionId, 'verify'], body: { token }, schema: sessionSchema, retry: true });
      });
    },
    getSession(sessionId) {
      return run(() => {
        assertId('sessionId', sessionId, 'sessions.getSession()');
        return backend.call({ name: 'sessions.getSession()', method: 'GET', segments: ['sessions', sessionId], schema: sessionSchema, retry: true });
      });
    },
    getSessionList(params = {}) {
      return run(() => {
        const name = 'sessions.getSessionList()';
        if (typeof params !== 'object' || params === null) throw sgError('ERR_INVALID_ARGUMENT', `${name}: params must be an object`);
        const query = new URLSearchParams();
        if (params.clientId !== undefined) {
          assertId('clientId', params.clientId, name);
          query.set('client_id', params.clientId);
        }
        if (params.userId !== undefined) {
          assertId('userId', params.userId, name);
          query.set('user_id', params.userId);
        }
        if (params.status !== undefined) {
          if (typeof params.status !== 'string' || !STATUS_PATTERN.test(params.status)) {
            throw sgError('ERR_INVALID_ARGUMENT', `${name}: status must be a session status such as "active"`);
          }
          query.set('status', params.status);
        }
        return backend.call({ name, method: 'GET', segments: ['sessions'], query, schema: sessionListSchema, retry: true });
      });
    },
    revokeSession(sessionId) {
      return run(() => {
        assertId('sessionId', sessionId, 'sessions.revokeSession()');
        return backend.call({ name: 'sessions.revokeSession()', method: 'POST', segments: ['sessions', sessionId, 'revoke'], schema: sessionSchema, retry: false });
      });
    },
  };
}
