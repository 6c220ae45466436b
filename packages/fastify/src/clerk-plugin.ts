import { SessiongateError } from '@sessiongate/core';
import { createDecider, createRequireCheck, guardRequest, optionalCheck, propertySlot, requireFailure, type AdapterIdiom, type Decide, type RequireCheck, type RequireOptions } from '@sessiongate/core/adapter';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { prefixError } from './prefix-error.js';
import { CLERK_HOOKS, type ClerkPluginOptions } from './types.js';

const kRegistered = Symbol.for('@sessiongate/fastify.registered');
const routeChecks = new WeakMap<object, RequireCheck>();

/**
 * Fastify's idiom, for callback-style hooks: `request.session`, `done()` to go on, `done(error)`
 * for Fastify's error handling (a 500), and a failure sent without `done()`, so that nothing
 * runs after it.
 */
export const fastifyIdiom: AdapterIdiom<FastifyRequest, FastifyReply, HookHandlerDoneFunction, void> = {
  inputOf: (request) => ({ method: request.method, url: request.url, headers: request.headers }),
  // every request is an instance of Fastify's Request class: a property costs nothing
  slot: propertySlot,
  setSession: (request, session) => void (request.session = session),
  pass: (_reply, done) => done(),
  fail: (reply, _done, failure) => void reply.code(failure.status).headers(failure.headers).send(),
  error: (_reply, done, error) => done(error as Error),
};

const plugin: FastifyPluginAsync<ClerkPluginOptions> = async (fastify, options) => {
  if (typeof (options ?? {}) !== 'object') throw invalidOption(`options must be an object, got ${typeof options}`);
  // prefix, logLevel and logSerializers are Fastify's register() options: not ours to validate
  const { hook = 'onRequest', prefix: _p, logLevel: _l, logSerializers: _s, ...rest } = (options ?? {}) as ClerkPluginOptions & Record<string, unknown>;
  if (!(CLERK_HOOKS as readonly unknown[]).includes(hook)) {
    throw invalidOption(`option "hook" must be one of ${CLERK_HOOKS.map((h) => `'${h}'`).join(', ')}`);
  }
  let decide: Decide;
  try {
    decide = createDecider(Object.keys(rest).length === 0 ? undefined : rest);
  } catch (error) {
    throw prefixError(error);
  }
  if (fastify.hasDecorator(kRegistered)) throw invalidOption('the plugin is already registered in this scope or a parent scope; register it once');
  fastify.decorate(kRegistered, true);
  if (fastify.hasRequestDecorator('session')) {
    throw invalidOption(
      `request.session is already decorated by another plugin (e.g. @fastify/session); ${__PKG_NAME__} cannot share it — register only one of them in this scope`,
    );
  }
  fastify.decorateRequest('session', null);

  // A callback-style hook, not an async one: when the core decides without I/O (a cache hit, a
  // missing or malformed credential) Fastify goes on in the same tick, with no promise to await.
  // preParsing hooks get the payload stream third and done() fourth (done() without a payload
  // keeps the stream); the other hooks get done() third. It answers a `clerk: 'required'` or
  // `clerk: { authorize }` route at once, without done(): then nothing runs after it. Its result
  // is not returned: Fastify would take a promise for an async hook and go on a second time.
  fastify.addHook(hook as 'onRequest', function authenticateHook(request: FastifyRequest, reply: FastifyReply, third: unknown, fourth?: unknown) {
    const done = (typeof fourth === 'function' ? fourth : third) as HookHandlerDoneFunction;
    guardRequest(request, reply, done, decide, routeCheck(request), fastifyIdiom);
  });
};

/**
 * The guard a route's `config.clerk` asks for: none for `'optional'` (or no config), the plain
 * signed-in check for `'required'`, and with `authorize` for `{ authorize }` (validated at the
 * route's first request, then kept per route).
 */
function routeCheck(request: FastifyRequest): RequireCheck {
  const mode = request.routeOptions.config?.clerk;
  if (mode === 'required') return requireFailure;
  if (typeof mode !== 'object' || mode === null) return optionalCheck;
  let check = routeChecks.get(mode);
  if (check === undefined) routeChecks.set(mode, (check = createRequireCheck(mode as RequireOptions, `${__PKG_NAME__}: route config "clerk"`)));
  return check;
}

function invalidOption(message: string): SessiongateError {
  return new SessiongateError('ERR_INVALID_OPTION', `${__PKG_NAME__}: ${message}`);
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
