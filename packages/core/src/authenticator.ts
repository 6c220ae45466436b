import type { AuthState } from './auth-state.js';
import { Clerk } from './clerk.js';
import type { Decide } from './decide.js';
import { authenticateRequest, decideRequest } from './defaults.js';
import { sgError } from './errors.js';
import { CLERK_OPTION_KEYS, type ClerkOptions } from './options.js';
import type { AuthenticateRequestInput } from './request/input.js';

export type { Decide } from './decide.js';

/** Middleware options: any {@link ClerkOptions}, or an existing `client` to reuse. */
export type AuthenticatorOptions = ClerkOptions & { client?: Clerk };

/**
 * For adapters: turns middleware options into an authenticate function, once, at middleware
 * construction (validating options there). `client` reuses an existing {@link Clerk}; any
 * ClerkOptions key creates a dedicated one; neither uses the env-bound default (lazily).
 * Keys that are not ClerkOptions (the adapter's own) are ignored.
 *
 * @example
 * ```ts
 * export function myMiddleware(options?: AuthenticatorOptions) {
 *   const authenticate = createAuthenticator(options);
 *   return async (req) => authenticate({ method: req.method, url: req.url, headers: req.headers });
 * }
 * ```
 */
export function createAuthenticator(options: AuthenticatorOptions = {}): (req: AuthenticateRequestInput) => Promise<AuthState> {
  const source = pickClient(options);
  return source === undefined ? authenticateRequest : source.authenticateRequest;
}

/**
 * Like {@link createAuthenticator}, but the function it returns answers synchronously when the
 * decision needs no I/O (a missing or malformed credential, a cache hit) and with a promise
 * otherwise; a misconfiguration is thrown synchronously (see {@link Clerk.decideRequest}).
 * Adapters use it to go on within the same tick on a cache hit, as an unauthenticated route would.
 *
 * @example
 * ```ts
 * const decide = createDecider(options);
 * return (req, res, next) => {
 *   const result = decide({ method: req.method, url: req.url, headers: req.headers });
 *   if (result instanceof Promise) result.then((state) => go(state), next);
 *   else go(result);
 * };
 * ```
 */
export function createDecider(options: AuthenticatorOptions = {}): Decide {
  const source = pickClient(options);
  if (source === undefined) return decideRequest;
  // a Clerk from an older copy of the core has no decideRequest: its promise form does the same
  return typeof source.decideRequest === 'function' ? source.decideRequest : source.authenticateRequest;
}

/** The client that middleware options designate: the given one, a new one, or `undefined` for the env-bound default. */
function pickClient(options: AuthenticatorOptions): Pick<Clerk, 'authenticateRequest'> & Partial<Pick<Clerk, 'decideRequest'>> | undefined {
  if (typeof options !== 'object' || options === null) {
    throw sgError('ERR_INVALID_OPTION', 'middleware options must be an object');
  }
  const picked: Record<string, unknown> = {};
  let any = false;
  for (const key of CLERK_OPTION_KEYS) {
    if (options[key] !== undefined) {
      picked[key] = options[key];
      any = true;
    }
  }
  if (options.client !== undefined) {
    const client = options.client as Partial<Clerk> | null;
    if (typeof client?.authenticateRequest !== 'function') {
      throw sgError('ERR_INVALID_OPTION', 'invalid option "client": must be a Clerk instance (new Clerk() / createClerkClient())');
    }
    if (any) {
      throw sgError('ERR_INVALID_OPTION', `invalid option "client": give either a client or ClerkOptions (${Object.keys(picked).join(', ')}), not both`);
    }
    return client as Pick<Clerk, 'authenticateRequest'> & Partial<Pick<Clerk, 'decideRequest'>>;
  }
  return any ? new Clerk(picked as ClerkOptions) : undefined;
}
