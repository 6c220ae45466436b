import type { AuthenticatorOptions, SignedInState } from '@sessiongate/core';

/** The verified session that the middlewares put on `ctx.state.session`. */
export type KoaSession = SignedInState['session'];

/**
 * Options of every middleware: any option of the core's client (`apiKey`, `apiUrl`, …),
 * or `client` to reuse an existing one. Without options the env-bound default client is used.
 */
export type ClerkKoaOptions = AuthenticatorOptions;
