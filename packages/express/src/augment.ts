import type { ExpressSession } from './types.js';

declare global {
  // Express's own extension point (used by @types/express 4 and 5).
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /**
       * The verified session, or `null` when the request is not signed in. Set by
       * `ClerkExpressMiddleware()` / `ClerkExpressWithSession()` / `ClerkExpressRequireSession()`.
       * Informational only: guards decide from `getAuth(req)`, never from this property.
       */
      session?: ExpressSession | null;
    }
  }
}

export {};
