import { createDecider, decideAuthState, sessionOf, type AuthState } from '@sessiongate/core/adapter';
import type { Middleware, Next, ParameterizedContext } from 'koa';
import type { ClerkKoaOptions } from './types.js';

/** What a middleware does once the request's state is known (and mirrored on `ctx.state.session`). */
export type OnState = (ctx: ParameterizedContext, next: Next, state: AuthState) => Promise<unknown> | undefined;

const inputOf = (ctx: ParameterizedContext) => ({ method: ctx.req.method, url: ctx.originalUrl, headers: ctx.req.headers });

/**
 * A middleware that decides the request once (reusing the state an earlier sessiongate
 * middleware stored), rewrites `ctx.state.session` from the state (so a foreign `session` never
 * survives) and hands over to `onState`. Not async: when the core decides without I/O (a cache
 * hit, a missing or malformed credential) `onState` runs in the same tick, with no extra await.
 * A misconfiguration becomes a rejection, for Koa's error handling.
 */
export function authMiddleware(options: ClerkKoaOptions | undefined, onState: OnState): Middleware {
  const decide = createDecider(options);
  return function sessiongateMiddleware(ctx, next) {
    const result = decideAuthState(ctx, decide, inputOf);
    return result instanceof Promise ? result.then((state) => settle(ctx, next, state, onState)) : settle(ctx, next, result, onState);
  };
}

function settle(ctx: ParameterizedContext, next: Next, state: AuthState, onState: OnState): Promise<unknown> | undefined {
  ctx.state.session = sessionOf(state);
  return onState(ctx, next, state);
}
