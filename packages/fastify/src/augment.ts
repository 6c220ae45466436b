import type { ClerkRequestSession, ClerkRouteMode } from './types.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The verified session, or `null` when the request is not signed in (or the backend
     * could not decide). Set by `@sessiongate/fastify`; read {@link getAuth} for the reason.
     * Guards never trust this property: they decide from the plugin's private state.
     */
    session: ClerkRequestSession | null;
  }
  interface FastifyContextConfig {
    /**
     * `'required'` answers 401 (no body) or 503 for this route unless signed in, right in
     * the plugin's hook, like adding `preHandler: requireSession`. Default `'optional'`.
     */
    clerk?: ClerkRouteMode;
  }
}

export {};
