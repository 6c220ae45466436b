import type { AuthenticatorOptions, SignedInState } from '@sessiongate/core';

/** The lifecycle hooks the plugin can authenticate in. */
export const CLERK_HOOKS = ['onRequest', 'preParsing', 'preValidation', 'preHandler'] as const;

/** One of {@link CLERK_HOOKS}; `onRequest` by default. */
export type ClerkHook = (typeof CLERK_HOOKS)[number];

/**
 * Options of {@link clerkPlugin}: any option of the core's client (`apiKey`, `apiUrl`, …),
 * or `client` to reuse an existing one, plus the lifecycle `hook` to authenticate in.
 * Without client options the env-bound default client is used (env read on first use).
 */
export type ClerkPluginOptions = AuthenticatorOptions & {
  /** Lifecycle hook that authenticates each request. Default `'onRequest'`. */
  hook?: ClerkHook;
};

/** The verified session the plugin puts on `request.session`. */
export type ClerkSession = SignedInState['session'];

/**
 * Augment this interface to give `request.session` your own type (for instance a
 * subtype of the core's `Session`); it defaults to `Session`.
 *
 * @example
 * ```ts
 * declare module '@sessiongate/fastify' {
 *   interface ClerkFastifyTypes { session: Session & { tenantId?: string } }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClerkFastifyTypes {}

/** The type of `request.session` when signed in: {@link ClerkFastifyTypes}`['session']` or `Session`. */
export type ClerkRequestSession = ClerkFastifyTypes extends { session: infer S } ? S : ClerkSession;

/** Values of the `clerk` route option (`config: { clerk: 'required' }`). */
export type ClerkRouteMode = 'required' | 'optional';
