import type { KoaSession } from './types.js';

declare module 'koa' {
  interface DefaultState {
    /**
     * The verified session, or `null` when the request is not signed in. Set by
     * `clerkMiddleware()` / `requireSession()`. Informational only: guards decide from
     * `getAuth(ctx)`, never from this property.
     */
    session?: KoaSession | null;
  }
}

export {};
