import { readAuthState, setAuthState, type AuthState, type Decide } from '@sessiongate/core';
import type { Next, ParameterizedContext } from 'koa';

/** What a middleware does once the request's state is known. */
export type OnState = (ctx: ParameterizedContext, next: Next, state: AuthState) => Promise<unknown> | undefined;

/**
 * Finds the request's state and hands it to `onState`: the one a previous sessiongate
 * middleware stored (no second verification), or a fresh decision stored under the core's
 * symbol. Not async: when the core decides without I/O (a cache hit, a missing or malformed
 * credential) `onState` runs in the same tick, with no extra await. A misconfiguration becomes
 * a rejection, for Koa's error handling.
 */
export function withAuthState(ctx: ParameterizedContext, next: Next, decide: Decide, onState: OnState): Promise<unknown> | undefined {
  const known = readAuthState(ctx);
  if (known !== undefined) return onState(ctx, next, known);
  let result: AuthState | Promise<AuthState>;
  try {
    result = decide({ method: ctx.req.method, url: ctx.originalUrl, headers: ctx.req.headers });
  } catch (error) {
    return Promise.reject(error);
  }
  if (result instanceof Promise) {
    return result.then((state) => {
      setAuthState(ctx, state);
      return onState(ctx, next, state);
    });
  }
  setAuthState(ctx, result);
  return onState(ctx, next, result);
}

/** Sets `ctx.state.session` from the state (so a foreign `session` never survives) and goes on. */
export function proceed(ctx: ParameterizedContext, next: Next, state: AuthState): Promise<unknown> {
  ctx.state.session = state.status === 'signed-in' ? state.session : null;
  return next();
}
