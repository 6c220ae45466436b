import type { AuthState } from './auth-state.js';
import { Clerk } from './clerk.js';
import { authenticateRequest } from './defaults.js';
import { sgError } from './errors.js';
import type { ClerkOptions } from './options.js';
import type { AuthenticateRequestInput } from './request/input.js';

/** Middleware options: any {@link ClerkOptions}, or an existing `client` to reuse. */
export type AuthenticatorOptions = ClerkOptions & { client?: Clerk };

const CLERK_OPTION_KEYS = [
  'apiKey', 'apiUrl', 'serverApiUrl', 'apiVersion', 'timeoutMs', 'connections', 'maxResponseBytes',
  'requireSessionIdForUnsafeMethods', 'cache', 'transport', 'logger',
  'verification', 'jwtKey', 'issuer', 'authorizedParties', 'clockSkewMs', 'tokenCache', 'jwks',
] as const satisfies readonly (keyof ClerkOptions)[];

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
    if (typeof (options.client as Partial<Clerk> | null)?.authenticateRequest !== 'function') {
      throw sgError('ERR_INVALID_OPTION', 'invalid option "client": must be a Clerk instance (new Clerk() / createClerkClient())');
    }
    if (any) {
      throw sgError('ERR_INVALID_OPTION', `invalid option "client": give either a client or ClerkOptions (${Object.keys(picked).join(', ')}), not both`);
    }
    return options.client.authenticateRequest;
  }
  return any ? new Clerk(picked as ClerkOptions).authenticateRequest : authenticateRequest;
}
