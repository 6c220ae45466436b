import { requireFailure, type AuthState } from '@sessiongate/core/adapter';
import type { FastifyReply } from 'fastify';

/**
 * Unless signed in: sends 401 (no body) or 503 (+ Retry-After) and returns the reply; the
 * calling (callback-style) hook must then not call `done()`, so that nothing runs after it.
 */
export function replyFailure(reply: FastifyReply, state: AuthState): FastifyReply | null {
  const failure = requireFailure(state);
  if (failure === null) return null;
  return reply.code(failure.status).headers(failure.headers).send();
}
