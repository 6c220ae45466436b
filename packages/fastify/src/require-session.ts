import { readAuthState } from '@sessiongate/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { noAuthStateError } from './no-auth-state-error.js';
import { replyFailure } from './reply-failure.js';

/**
 * A `preHandler` that lets only signed-in requests through. Signed out: 401 with no body.
 * Backend unavailable: 503, with `Retry-After` when known. The handler never runs then.
 * It decides from the plugin's private state, never from `request.session` (which another
 * plugin may have set). Without the plugin it fails loudly (a 500 logged with code
 * `ERR_NO_AUTH_STATE`) instead of letting the request through.
 *
 * @example
 * ```js
 * app.register(clerkPlugin);
 * app.get('/api/me', { preHandler: requireSession }, async (request) => ({ userId: request.session.userId }));
 * // or for a whole encapsulated scope:
 * app.register(async (admin) => { admin.addHook('preHandler', requireSession); … });
 * ```
 */
export async function requireSession(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const state = readAuthState(request);
  if (state === undefined) throw noAuthStateError('requireSession');
  return replyFailure(reply, state) ?? undefined;
}
