import type { AuthState, Session, SignedInState } from '@sessiongate/core';

/** The second argument Next passes to a route handler (dynamic segments). */
export interface RouteHandlerContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

/** Added to the route context by `withAuth()`. */
export interface WithAuthContext {
  auth: AuthState;
  /** The verified Session, or `null` when not signed in. */
  session: Session | null;
}

/** Added to the route context by `requireAuth()`. */
export interface RequireAuthContext {
  auth: SignedInState;
  session: Session;
}
