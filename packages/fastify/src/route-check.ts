import { createRequireCheck, type AuthState, type RequireCheck, type RequireOptions } from '@sessiongate/core/adapter';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { replyFailure } from './reply-failure.js';

const plain = createRequireCheck(undefined);
const routeChecks = new WeakMap<object, RequireCheck>();

/**
 * The guard a route's `config.clerk` asks for: `undefined` for `'optional'` (or none), the plain
 * signed-in check for `'required'`, and with `authorize` for `{ authorize }` (validated at the
 * route's first request, then kept per route).
 */
export function routeCheck(request: FastifyRequest): RequireCheck | undefined {
  const mode = request.routeOptions.config?.clerk;
  if (mode === 'required') return plain;
  if (typeof mode !== 'object' || mode === null) return undefined;
  let check = routeChecks.get(mode);
  if (check === undefined) {
    check = createRequireCheck(mode as RequireOptions, `${__PKG_NAME__}: route config "clerk"`);
    routeChecks.set(mode, check);
  }
  return check;
}

/** The guard of `requireSession(options)`, validated once. */
export function requireCheckOf(options: RequireOptions | undefined): RequireCheck {
  return options?.authorize === undefined ? plain : createRequireCheck(options, `${__PKG_NAME__}: requireSession()`);
}

/**
 * Runs `check` on `state` in a callback-style hook: goes on (`done()`), replies 401/403/503
 * (without `done()`: nothing runs after it), or hands an `authorize` that threw or rejected to
 * Fastify's error handling (`done(error)`, a 500).
 */
export function runCheck(check: RequireCheck, state: AuthState, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  let verdict: ReturnType<RequireCheck>;
  try {
    verdict = check(state);
  } catch (error) {
    return done(error as Error);
  }
  if (verdict instanceof Promise) verdict.then((failure) => (replyFailure(reply, failure) === null ? done() : undefined), done);
  else if (replyFailure(reply, verdict) === null) done();
}
