import type { AuthState } from './auth-state.js';
import type { AuthenticateRequestInput } from './request/input.js';

/**
 * A decision that is returned synchronously when it needs no I/O (a missing or malformed
 * credential, a synchronous cache hit) and as a promise otherwise. It may also throw
 * synchronously, for a misconfiguration (`ERR_MISSING_API_KEY`, `ERR_INVALID_OPTION`) or a
 * non-object argument. Adapters use it to answer a cache hit without a microtask hop back into
 * the framework; `await` works on both forms.
 */
export type Decide = (req: AuthenticateRequestInput) => AuthState | Promise<AuthState>;

/** The promise-only form of a {@link Decide}: a synchronous throw becomes a rejection. */
export function promised(decide: Decide): (req: AuthenticateRequestInput) => Promise<AuthState> {
  return function authenticateRequest(req) {
    try {
      const result = decide(req);
      return result instanceof Promise ? result : Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/** The TypeError for an `authenticateRequest`/`decideRequest` argument that is not an object. */
export function badRequestArgument(): TypeError {
  return new TypeError(`${__PKG_NAME__}: authenticateRequest(req) expects a Request or { method?, url, headers }`);
}
