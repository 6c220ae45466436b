import type { RequireFailure } from '@sessiongate/core/adapter';
import type { FastifyReply } from 'fastify';

/**
 * Unless `failure` is `null`: sends 401 / 403 (no body) or 503 (+ Retry-After) and returns the
 * reply; the calling (callback-style) hook must then not call `done()`, so that nothing runs after it.
 */
export function replyFailure(reply: FastifyReply, failure: RequireFailure | null): FastifyReply | null {
  if (failure === null) return null;
  return reply.code(failure.status).headers(failure.headers).send();
}
