import type { AuthState, SignedInState, SignedOutState, UnavailableState } from '../auth-state.js';
import { signedInState } from '../authorization/signed-in-state.js';
import type { LogOnce } from '../lib/log-once.js';
import { mapBackendError, type BackendErrorDecision } from './map-error.js';
import { signedOut, unavailable } from '../signed-out.js';
import type { Client } from '../domain/client.js';
import type { Session } from '../domain/session.js';

/** The two Backend API calls the backend strategy may make: exactly one of them per request. */
export interface VerifyBackend {
  verifySession(sessionId: string, token: string): Promise<Session>;
  verifyClient(token: string): Promise<Client>;
}

/** One verification of a resolved token (and session id, or `null` for the last active session). */
export type Verify = (token: string, sessionId: string | null) => Promise<AuthState>;

/**
 * The backend strategy's verification: one call (`verifySession` with an id, `verifyClient`
 * without), the acceptance rules (only an `active` session, the one asked for or the client's
 * last active one), and every failure mapped to a state. Rejects only with a misconfiguration.
 */
export function createBackendVerify(backend: VerifyBackend, log: LogOnce): Verify {
  return async function verify(token, sessionId) {
    try {
      return sessionId === null
        ? acceptLastActive(await backend.verifyClient(token))
        : acceptSession(await backend.verifySession(sessionId, token), sessionId);
    } catch (error) {
      return stateOfFailure(mapBackendError(error), log);
    }
  };
}

/** A failure's state (logged once per kind when it says so), or its error rethrown (a misconfiguration). */
export function stateOfFailure(decision: BackendErrorDecision, log: LogOnce): AuthState {
  if (decision.kind === 'rethrow') throw decision.error;
  if (decision.log === 'misconfigured') {
    log('misconfigured', 'error', `the Backend API rejected our API key (${decision.detail}). Every request is 'unavailable' until CLERK_API_KEY (or the apiKey option) is fixed.`);
  } else if (decision.log === 'unexpected') {
    log('unexpected', 'error', `unexpected error while verifying a session (${decision.detail}); answering 'unavailable'. This is a bug.`);
  }
  return decision.state;
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
  return signedInState(session);
}

export function isSessionLike(value: unknown): value is Session {
  return typeof value === 'object' && value !== null && typeof (value as Session).id === 'string' && typeof (value as Session).status === 'string';
}
