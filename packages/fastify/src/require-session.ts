import { applyRequireCheck, createRequireCheck, propertySlot, requireFailure, type RequireCheck, type RequireOptions } from '@sessiongate/core/adapter';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, preHandlerHookHandler } from 'fastify';
import { fastifyIdiom } from './clerk-plugin.js';
import { noAuthState } from './get-auth.js';

/**
 * A `preHandler` that lets only signed-in requests through. Signed out: 401 with no body.
 * Backend unavailable: 503, with `Retry-After` when known. Signed in but not allowed by
 * `authorize` (the route's `config: { clerk: { authorize } }`, or the factory form
 * `requireSession({ authorize })`): 403 with no body. The handler never runs then; an
 * `authorize` function that throws or rejects goes to Fastify's error handler (a 500).
 * It decides from the plugin's private state, never from `request.session` (which another
 * plugin may have set). Without the plugin it fails loudly (a 500 logged with code
 * `ERR_NO_AUTH_STATE`) instead of letting the request through. A callback-style hook, so that
 * Fastify goes on in the same tick (no promise to await) unless `authorize` returns one.
 *
 * @example
 * ```js
 * app.register(clerkPlugin);
 * app.get('/api/me', { preHandler: requireSession }, async (request) => ({ userId: request.session.userId }));
 * app.delete('/api/invoices/:id', { preHandler: requireSession({ authorize: { permission: 'org:invoices:delete' } }) }, remove);
 * app.get('/api/admin', { preHandler: requireSession, config: { clerk: { authorize: { role: 'org:admin' } } } }, admin);
 * // or for a whole encapsulated scope:
 * app.register(async (admin) => { admin.addHook('preHandler', requireSession); … });
 * ```
 */
export function requireSession(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void;
export function requireSession(options?: RequireOptions): preHandlerHookHandler;
export function requireSession(arg?: FastifyRequest | RequireOptions, reply?: FastifyReply, done?: HookHandlerDoneFunction): void | preHandlerHookHandler {
  if (typeof done === 'function') return guard(arg as FastifyRequest, reply!, done, requireFailure);
  const check = createRequireCheck(arg as RequireOptions | undefined, `${__PKG_NAME__}: requireSession()`);
  return (request, hookReply, hookDone) => guard(request, hookReply, hookDone, check);
}

function guard(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction, check: RequireCheck): void {
  const state = propertySlot.read(request);
  if (state === undefined) return done(noAuthState('requireSession'));
  // The route's own `clerk` config was already applied by the plugin's hook, which stored this
  // state in an earlier hook of this request and replied instead of going on when it failed:
  // what is left is being signed in, and the factory's `authorize` on top of it. (Reading the
  // route's config again would build Fastify's `routeOptions` object a second time.) Not
  // returned: Fastify would take a returned promise for an async hook and go on a second time.
  applyRequireCheck(check, state, reply, done, fastifyIdiom);
}
