import type { AuthState } from '../auth-state.js';

/**
 * Where adapters keep the full {@link AuthState} on their request object. `Symbol.for` so
 * that two installed copies of the core agree; a symbol so that no parsed request body,
 * header or other library's `session` property can ever stand in for it.
 */
export const kAuthState: unique symbol = Symbol.for('@sessiongate/core.auth-state') as never;

/**
 * Stores `state` on `target` under {@link kAuthState}. A plain assignment (a symbol key is
 * already invisible to `JSON.stringify`, `Object.keys` and `for…in`): `Object.defineProperty`
 * on a request object costs a runtime call on every request.
 */
export function setAuthState(target: object, state: AuthState): void {
  (target as { [kAuthState]?: AuthState })[kAuthState] = state;
}

/** Reads the state that an adapter stored on `target`, or `undefined` if none ran. */
export function readAuthState(target: object): AuthState | undefined {
  const value = (target as { [kAuthState]?: unknown })[kAuthState];
  return isAuthState(value) ? value : undefined;
}

function isAuthState(value: unknown): value is AuthState {
  if (typeof value !== 'object' || value === null) return false;
  const status = (value as { status?: unknown }).status;
  return status === 'signed-in' || status === 'signed-out' || status === 'unavailable';
}
