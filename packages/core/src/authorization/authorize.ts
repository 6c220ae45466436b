import { requireFailure, type AuthState, type RequireFailure, type SignedInState } from '../auth-state.js';
import { compileHasParams, type HasParams } from './has.js';

/**
 * What a `require` guard demands beyond being signed in: `has()` params, or a function of the
 * signed-in state. Only `true` (or a promise of `true`) grants; a function that throws or
 * rejects is an error for the framework's error path (a 500), never a grant.
 */
export type Authorize = HasParams | ((state: SignedInState) => boolean | Promise<boolean>);

/** The options every adapter's `require` accepts next to the client's options. */
export interface RequireOptions {
  /** Signed in but not allowed → 403 with no body. See {@link Authorize}. */
  authorize?: Authorize;
}

/** A guard's verdict: `null` to go on, else the response to send; a promise when `authorize` is async. */
export type RequireCheck = (state: AuthState) => RequireFailure | null | Promise<RequireFailure | null>;

const FORBIDDEN: RequireFailure = Object.freeze({ status: 403, headers: Object.freeze({}) as Record<string, string> }) as RequireFailure;

/**
 * For adapters: the guard of a `require` with `options.authorize`, validated once here (misuse
 * throws a TypeError naming `who`). The guard answers like {@link requireFailure}, plus 403 when
 * signed in but not authorized. It returns synchronously unless the `authorize` function returns
 * a promise; a throwing function throws (synchronously, or as a rejection) for the adapter to
 * hand to its framework's error handling.
 *
 * @example
 * ```ts
 * const check = createRequireCheck(options, '@sessiongate/x: requireSession()');
 * const verdict = check(state);
 * if (verdict instanceof Promise) verdict.then(answer, next); else answer(verdict);
 * ```
 */
export function createRequireCheck(options: RequireOptions | undefined, who = 'requireSession()'): RequireCheck {
  const authorize = options?.authorize;
  if (authorize === undefined) return requireFailure;
  if (typeof authorize === 'function') {
    return (state) => {
      const failure = requireFailure(state);
      if (failure !== null) return failure;
      const granted = authorize(state as SignedInState);
      if (isThenable(granted)) return Promise.resolve(granted).then(verdict);
      return verdict(granted);
    };
  }
  let check: (state: SignedInState) => boolean;
  try {
    check = compileHasParams(authorize, `${who} option "authorize"`);
  } catch (error) {
    throw new TypeError(`${(error as Error).message} (or a function of the signed-in state)`);
  }
  return (state) => requireFailure(state) ?? (check(state as SignedInState) ? null : FORBIDDEN);
}

function verdict(granted: unknown): RequireFailure | null {
  return granted === true ? null : FORBIDDEN;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}
