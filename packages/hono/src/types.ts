import type { AuthenticatorOptions, Session } from '@sessiongate/core';

/**
 * Options of both middlewares: any option of the core's client (`apiKey`, `apiUrl`, …), or
 * `client` to reuse an existing one. Without options the env-bound default client is used.
 */
export type ClerkHonoOptions = AuthenticatorOptions;

/** What the middlewares set on the context: `c.get('session')` is the `Session` or `null`. */
export interface ClerkVariables {
  session: Session | null;
}

/** The `Env` both middlewares declare, so that handlers after them see `c.get('session')` typed. */
export interface ClerkEnv {
  Variables: ClerkVariables;
}
