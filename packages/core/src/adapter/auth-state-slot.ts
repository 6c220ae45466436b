import type { AuthState } from '../auth-state.js';

/**
 * Where an adapter keeps the full {@link AuthState} of a request, keyed by the framework's request
 * or context object. Three slots, chosen per framework by what its request objects cost:
 *
 * - {@link weakMapSlot}, the default: a `WeakMap` entry, which changes nothing about the object.
 *   Its price: every request object becomes a `WeakMap` key, an ephemeron that every GC traces.
 *   On a loaded Hono app it cost about 2.8 µs a request (the set, and GC time 2.3 µs against the
 *   reference's 0.7 µs), on a loaded Express app about 8 µs (below). Kept by Next.
 * - {@link propertySlot}: a property under a symbol that only the core holds. For objects that
 *   share their map across requests (Hono's `Context`, Koa's `ctx`, Fastify's request), where a
 *   property costs nothing: with it, GC time and the app's CPU equal the reference's.
 * - {@link localsSlot}: for Express, whose request objects each get a map (hidden class) of their
 *   own when Express swaps their prototype, so that a property added to `req` builds a new map and
 *   copies its descriptors (about 1.2 kB allocated per request, measured with the heap sampler),
 *   and a `WeakMap` entry costs the GC time above. The state goes into `res.locals`, the
 *   request-scoped object Express documents for such data, which Express makes with
 *   `Object.create(null)`: a dictionary, where a property is a hash-table insert. Non-enumerable,
 *   under the core's own symbol, so that `res.render`'s spread of the locals and templates never
 *   see it. In a loaded Express app (interleaved 0.4 s slices, 40 rounds) the app's CPU per
 *   request went from 163 to 154-156 µs against the `WeakMap`, the reference's being 147-150 µs.
 *   When `req.res.locals` is missing (a request that did not come through Express), it falls back
 *   to the `WeakMap`.
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

/**
 * Express's `res.locals` of the request `target` (`target.res.locals`, where `target.res.req` is
 * `target`), or `undefined` when there is none.
 */
function localsOf(target: object): Registry | undefined {
  const res = (target as { res?: unknown }).res;
  if (typeof res !== 'object' || res === null || (res as { req?: unknown }).req !== target) return undefined;
  const locals = (res as { locals?: unknown }).locals;
  return typeof locals === 'object' && locals !== null ? (locals as Registry) : undefined;
}

/**
 * Express's slot: the state in `req.res.locals`, a non-enumerable property under the core's own
 * symbol; the `WeakMap` when the request has no `res.locals`. A middleware that replaces
 * `res.locals` with a new object after the adapter ran drops the state with it (a later `getAuth`
 * then throws that no adapter ran, and a later guard decides again): add to `res.locals`, do not
 * replace it.
 */
export const localsSlot: AuthStateSlot = {
  read(target) {
    const locals = localsOf(target);
    return locals === undefined ? weakMapSlot.read(target) : validState(locals[kState]);
  },
  store(target, state) {
    const locals = localsOf(target);
    if (locals === undefined) states.set(target, state);
    else Object.defineProperty(locals, kState, { value: state, writable: true, configurable: true });
  },
};

/** Stores `state` as the auth state of `target` in the default slot ({@link weakMapSlot}). */
export function setAuthState(target: object, state: AuthState): void {
  states.set(target, state);
}

/** The state an adapter stored for `target` in any slot, or `undefined` if none ran. */
export function readAuthState(target: object): AuthState | undefined {
  if ((typeof target !== 'object' && typeof target !== 'function') || target === null) return undefined;
  return weakMapSlot.read(target) ?? propertySlot.read(target) ?? validState(localsOf(target)?.[kState]);
}

// the registry is reachable by anyone through Symbol.for: only a state is ever a state
function validState(value: unknown): AuthState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const status = (value as { status?: unknown }).status;
  return status === 'signed-in' || status === 'signed-out' || status === 'unavailable' ? (value as AuthState) : undefined;
}
