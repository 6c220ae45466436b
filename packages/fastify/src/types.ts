import type { AuthenticatorOptions, RequireOptions, SignedInState } from '@sessiongate/core';

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

/**
 * Values of the `clerk` route option: `config: { clerk: 'required' }`, or `{ authorize }` (signed
 * in AND allowed: `has()` params or a function of the signed-in state; 403 when not allowed).
 */
export type ClerkRouteMode = 'required' | 'optional' | Required<RequireOptions>;

// Augmentation of Fastify's types: request.session and the `clerk` route option.
declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The verified session, or `null` when the request is not signed in (or the backend
     * could not decide). Set by `@sessiongate/fastify`; read `getAuth(request)` for the reason.
     * Guards never trust this property: they decide from the plugin's private state.
     */
    session: ClerkRequestSession | null;
  }
  interface FastifyContextConfig {
    /**
     * `'required'` answers 401 (no body) or 503 for this route unless signed in, right in
     * the plugin's hook, like adding `preHandler: requireSession`; `{ authorize }` also answers
     * 403 (no body) when signed in but not allowed. Default `'optional'`.
     */
    clerk?: ClerkRouteMode;
  }
}
