import { SessiongateError } from '@sessiongate/core';
import { createDecider, decideAuthState, sessionOf, type AuthState, type Decide } from '@sessiongate/core/adapter';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { parsePluginOptions } from './parse-plugin-options.js';
import { prefixError } from './prefix-error.js';
import { routeCheck, runCheck } from './route-check.js';
import type { ClerkPluginOptions } from './types.js';

const kRegistered = Symbol.for('@sessiongate/fastify.registered');

const plugin: FastifyPluginAsync<ClerkPluginOptions> = async (fastify, options) => {
  const { hook, authenticatorOptions } = parsePluginOptions(options);
  let decide: Decide;
  try {
    decide = createDecider(authenticatorOptions);
  } catch (error) {
    throw prefixError(error);
  }

  if (fastify.hasDecorator(kRegistered)) {
    throw new SessiongateError(
      'ERR_INVALID_OPTION',
      `${__PKG_NAME__}: the plugin is already registered in this scope or a parent scope; register it once`,
    );
  }
  fastify.decorate(kRegistered, true);
  if (fastify.hasRequestDecorator('session')) {
    throw new SessiongateError(
      'ERR_INVALID_OPTION',
      `${__PKG_NAME__}: request.session is already decorated by another plugin (e.g. @fastify/session); ` +
        `${__PKG_NAME__} cannot share it — register only one of them in this scope`,
    );
  }
  fastify.decorateRequest('session', null);

  // Callback-style hooks, not async ones: when the core decides without I/O (a cache hit, a
  // missing or malformed credential) Fastify goes on in the same tick, with no promise to await.
  const authenticate = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const result = decideAuthState(request, decide, inputOf);
    if (result instanceof Promise) result.then((state) => settle(request, reply, done, state), done);
    else settle(request, reply, done, result);
  };
  if (hook === 'preParsing') {
    // preParsing hooks get the payload stream third; calling done() without one keeps it
    fastify.addHook('preParsing', function authenticateHook(request, reply, _payload, done) {
      authenticate(request, reply, done as HookHandlerDoneFunction);
    });
  } else {
    fastify.addHook(hook, function authenticateHook(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
      authenticate(request, reply, done);
    });
  }
};

const inputOf = (request: FastifyRequest) => ({ method: request.method, url: request.url, headers: request.headers });

/** Sets `request.session` from the state, and answers now for a `clerk: 'required'` or `clerk: { authorize }` route. */
function settle(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction, state: AuthState): void {
  request.session = sessionOf(state);
  const check = routeCheck(request);
  // a callback hook that replies does not call done(): Fastify runs nothing after it
  if (check === undefined) done();
  else runCheck(check, state, reply, done);
}

/**
 * The Fastify plugin: authenticates every request of the scope it is registered in (and
 * its children, as it is wrapped with fastify-plugin) in the `onRequest` hook (or `hook`),
 * sets `request.session` to the verified `Session` or `null`, and keeps the full
 * `AuthState` for {@link getAuth} and {@link requireSession}. Options are validated once,
 * at registration; a bad option fails `register()` with a message naming this package.
 *
 * @example
 * ```js
 * import Fastify from 'fastify';
 * import { clerkPlugin, requireSession } from '@sessiongate/fastify';
 *
 * const app = Fastify();
 * await app.register(clerkPlugin); // or clerkPlugin, { apiKey, apiUrl, hook: 'preHandler' }
 * app.get('/api/whoami', async (request) => ({ userId: request.session?.userId ?? null }));
 * app.get('/api/me', { preHandler: requireSession }, async (request) => ({ userId: request.session.userId }));
 * ```
 */
export const clerkPlugin = fp(plugin, { name: __PKG_NAME__, fastify: '5.x' });
