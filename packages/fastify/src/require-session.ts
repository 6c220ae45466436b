import { readAuthState } from '@sessiongate/core/adapter';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { noAuthStateError } from './no-auth-state-error.js';
import { replyFailure } from './reply-failure.js';

/**
 * A `preHandler` that lets only signed-in requests through. Signed out: 401 with no body.
 * Backend unavailable: 503, with `Retry-After` when known. The handler never runs then.
 * It decides from the plugin's private state, never from `request.session` (which another
 * plugin may have set). Without the plugin it fails loudly (a 500 logged with code
 * `ERR_NO_AUTH_STATE`) instead of letting the request through. A callback-style hook, so that
 * Fastify goes on in the same tick (no promise to await).
 *
 * @example
 * ```js
 * app.register(clerkPlugin);
 * app.get('/api/me', { preHandler: requireSession }, async (request) => ({ userId: request.session.userId }));
 * // or for a whole encapsulated scope:
 * app.register(async (admin) => { admin.addHook('preHandler', requireSession); … });
 * ```
 */
export function requireSession(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const state = readAuthState(request);
  if (state === undefined) return done(noAuthStateError('requireSession'));
  // a callback hook that replies does not call done(): the handler never runs
  if (replyFailure(reply, state) === null) done();
}
