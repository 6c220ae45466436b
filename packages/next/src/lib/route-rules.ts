import type { AuthenticatorOptions, AuthState } from '@sessiongate/core';
import type { ResolvableRequest } from './resolver.js';

/**
 * The request rules a route applies on top of a decision, as far as the route can read them
 * from its options: `undefined` when it cannot (a `client` was given, whose settings are not
 * visible), in which case the route decides such requests itself.
 */
export interface RouteRules {
  requireSessionIdForUnsafeMethods: boolean | undefined;
}

/** The rules of a route built with `options`. */
export function routeRules(options: AuthenticatorOptions): RouteRules {
  return {
    requireSessionIdForUnsafeMethods: options.client !== undefined ? undefined : options.requireSessionIdForUnsafeMethods === true,
  };
}

/**
 * What the route makes of a verified forwarded `state`: the state, a stricter one (its own
 * rule refuses the request), or `undefined` when the route must decide by itself because it
 * cannot tell. Never looser than the forwarded state, never looser than the route alone.
 */
export function applyRouteRules(state: AuthState, req: ResolvableRequest | Request, rules: RouteRules): AuthState | undefined {
  if (state.status === 'signed-out') return state;
  if (rules.requireSessionIdForUnsafeMethods !== false && isUnsafeMethod(req.method) && !hasExplicitSessionId(req.url, state)) {
    return rules.requireSessionIdForUnsafeMethods === true ? { status: 'signed-out', reason: 'session-id-required' } : undefined;
  }
  return state;
}

/** POST, PUT, PATCH, DELETE in any case (as the core reads them); a missing method is a GET. */
export function isUnsafeMethod(method: string | undefined): boolean {
  const upper = typeof method === 'string' ? method.toUpperCase() : 'GET';
  return upper === 'POST' || upper === 'PUT' || upper === 'PATCH' || upper === 'DELETE';
}

// One `_clerk_session_id`, non-empty, and (for a signed-in state) the very session that was
// verified. Anything else counts as "no explicit id": the stricter reading.
function hasExplicitSessionId(url: string, state: AuthState): boolean {
  let values: string[];
  try {
    values = new URL(url, 'http://localhost').searchParams.getAll('_clerk_session_id');
  } catch {
    return false;
  }
  if (values.length !== 1 || !values[0]) return false;
  return state.status !== 'signed-in' || state.sessionId === values[0];
}
