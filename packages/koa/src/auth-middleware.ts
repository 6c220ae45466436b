import { createDecider, guardRequest, propertySlot, type AdapterIdiom, type RequireCheck } from '@sessiongate/core/adapter';
import type { Middleware, Next, ParameterizedContext } from 'koa';
import type { ClerkKoaOptions } from './types.js';

/** Koa's idiom: `ctx.state.session`, `next()`, a rejection for an error, and a failure answered with no body. */
const koa: AdapterIdiom<ParameterizedContext, ParameterizedContext, Next, Promise<unknown> | void> = {
  inputOf: (ctx) => ({ method: ctx.req.method, url: ctx.originalUrl, headers: ctx.req.headers }),
  // every ctx is made the same way (Object.create of the app's context): a property costs nothing
  slot: propertySlot,
  setSession: (ctx, session) => void (ctx.state.session = session),
  pass: (_ctx, next) => next(),
  fail(ctx, _next, failure) {
    // `body = null` first: Koa then answers with an empty body and keeps the status set after.
    ctx.body = null;
    ctx.status = failure.status;
    ctx.set(failure.headers);
  },
  error: (_ctx, _next, error) => Promise.reject(error),
};

/**
 * A middleware that decides the request once (reusing the state an earlier sessiongate
 * middleware stored), rewrites `ctx.state.session` from the state (so a foreign `session` never
 * survives) and answers `check`'s verdict. Not async: when the core decides without I/O (a cache
 * hit, a missing or malformed credential) downstream runs in the same tick, with no extra await.
 * A misconfiguration, or an `authorize` that throws or rejects, becomes a rejection for Koa's
 * error handling.
 */
export function authMiddleware(options: ClerkKoaOptions | undefined, check: RequireCheck): Middleware {
  const decide = createDecider(options);
  return function sessiongateMiddleware(ctx, next) {
    return guardRequest(ctx, ctx, next, decide, check, koa);
  };
}
