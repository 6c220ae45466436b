import { createAuthenticator, setAuthState, SessiongateError } from '@sessiongate/core';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { parsePluginOptions } from './parse-plugin-options.js';
import { prefixError } from './prefix-error.js';
import { replyFailure } from './reply-failure.js';
import type { ClerkPluginOptions } from './types.js';

const kRegistered = Symbol.for('@sessiongate/fastify.registered');

const plugin: FastifyPluginAsync<ClerkPluginOptions> = async (fastify, options) => {
  const { hook, authenticatorOptions } = parsePluginOptions(options);
  let authenticate: ReturnType<typeof createAuthenticator>;
  try {
    authenticate = createAuthenticator(authenticatorOptions);
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

  fastify.addHook(hook, async function authenticateHook(request: FastifyRequest, reply: FastifyReply) {
    const state = await authenticate({ method: request.method, url: request.url, headers: request.headers });
    setAuthState(request, state);
    request.session = state.status === 'signed-in' ? state.session : null;
    if (request.routeOptions.config?.clerk === 'required') return replyFailure(reply, state) ?? undefined;
    return undefined;
  });
};

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
