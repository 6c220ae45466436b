import type { AuthState } from '../auth-state.js';
import { readAuthState } from './auth-state-slot.js';
import { noAuthStateError } from './no-auth-state-error.js';

/**
 * The state an adapter stored for `target`, or else the {@link noAuthStateError} of `who`,
 * thrown: what every adapter's `getAuth()` does.
 *
 * @example
 * ```ts
 * export const getAuth = (req: Request) => expectAuthState(req, `${PKG}: getAuth()`, 'add clerkMiddleware()');
 * ```
 */
export function expectAuthState(target: object, who: string, remedy: string, detail?: string): AuthState {
  const state = readAuthState(target);
  if (state === undefined) throw noAuthStateError(who, remedy, detail);
  return state;
}
