import type { AuthState } from '../auth-state.js';
import { weakMapSlot, type AuthStateSlot } from './auth-state-slot.js';
import type { Decide } from '../decide.js';
import type { AuthenticateRequestInput } from '../request/input.js';
import type { Session } from '../domain/session.js';

/**
 * The auth state of the request behind `target` (the framework's request or context object),
 * decided once per request: the state a previous middleware stored on `target` (no second
 * verification), or else `decide(inputOf(target))`, stored on `target` before it is returned;
 * kept in `slot` (the default `weakMapSlot`, or `propertySlot`: see auth-state-slot.ts).
 *
 * The state itself when the core answers without I/O (a cache hit, a missing or malformed
 * credential), so that the framework can go on in the same tick; a promise otherwise. A
 * misconfiguration (`ERR_MISSING_API_KEY`, …) comes back as a rejected promise, so one
 * `then(onState, onError)` handles every failure. `inputOf` is called only when a decision is
 * needed; pass a module-level function, not a closure, on a hot path.
 *
 * @example
 * ```ts
 * const inputOf = (req: Request) => ({ method: req.method, url: req.originalUrl, headers: req.headers });
 * const decide = createDecider(options);
 * return (req, res, next) => {
 *   const result = decideAuthState(req, decide, inputOf);
 *   if (result instanceof Promise) result.then((state) => go(req, state, next), next);
 *   else go(req, result, next);
 * };
 * ```
 */
export function decideAuthState<T extends object>(
  target: T,
  decide: Decide,
  inputOf: (target: T) => AuthenticateRequestInput,
  slot: AuthStateSlot = weakMapSlot,
): AuthState | Promise<AuthState> {
  const known = slot.read(target);
  if (known !== undefined) return known;
  let result: AuthState | Promise<AuthState>;
  try {
    result = decide(inputOf(target));
  } catch (error) {
    return Promise.reject(error);
  }
  if (result instanceof Promise) {
    return result.then((state) => {
      slot.store(target, state);
      return state;
    });
  }
  slot.store(target, result);
  return result;
}

/** What an adapter mirrors on its framework's `session` slot: the session when signed in, else `null`. */
export function sessionOf(state: AuthState): Session | null {
  return state.status === 'signed-in' ? state.session : null;
}
