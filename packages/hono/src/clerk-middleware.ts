import { createRequireCheck, expectAuthState, guardRequest, optionalCheck, propertySlot, type AdapterIdiom, type AuthState, type Decide, type RequireCheck, type RequireOptions } from '@sessiongate/core/adapter';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { createContextDecider } from './env-bindings.js';
import type { ClerkEnv, ClerkHonoOptions } from './types.js';

const hono: AdapterIdiom<Context<ClerkEnv>, Context<ClerkEnv>, Next, Promise<Response | void>> = {
  inputOf: (c) => c.req.raw,
  // a Context is an instance of Hono's class: a property costs nothing, a WeakMap entry ~2.8 µs
  slot: propertySlot,
  setSession: (c, session) => c.set('session', session),
  pass: goOn,
  fail: (c, _next, failure) => Promise.resolve(c.body(null, failure.status, failure.headers)),
  error: (_c, _next, error) => Promise.reject(error),
};

// next() resolves to Hono's context: passed on, it would be taken for the response
async function goOn(_c: Context, next: Next): Promise<void> {
  await next();
}

/**
 * Not async: the middleware returns what the guard answers (a decision or an `authorize` that
 * needs I/O is awaited there), so that a cache hit goes on to next() without a microtask hop.
 */
function middleware(decideFor: (c: Context) => Decide, check: RequireCheck): MiddlewareHandler<ClerkEnv> {
  return function sessiongateMiddleware(c, next) {
    return guardRequest(c, c, next, decideFor(c), check, hono);
  };
}

/**
 * Optional session: decides the request once, sets `c.get('session')` to the `Session` (or
 * `null`) and continues. The full state is available through {@link getAuth}. When a
 * sessiongate middleware already ran for this request, its state is reused (no second
 * verification). On Workers, `CLERK_API_KEY`, `CLERK_API_URL` and `CLERK_JWT_KEY` are read from the
 * bindings (`c.env`) when present; the options win over them, and they over `process.env`.
 * A misconfiguration (for example no `CLERK_API_KEY`) is thrown into Hono's
 * `onError`.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { clerkMiddleware } from '@sessiongate/hono';
 *
 * const app = new Hono();
 * app.get('/api/whoami', clerkMiddleware(), (c) => c.json({ userId: c.get('session')?.userId ?? null }));
 * ```
 */
export function clerkMiddleware(options?: ClerkHonoOptions): MiddlewareHandler<ClerkEnv> {
  return middleware(createContextDecider(options), optionalCheck);
}

/**
 * Mandatory session, on its own or after {@link clerkMiddleware} (whose state it reuses, without
 * a second verification). Signed out: 401 with no body. Backend unavailable: 503, with
 * `Retry-After` when known. Signed in but not allowed by `authorize` (`has()` params, or a
 * function of the signed-in state): 403 with no body. Downstream never runs in any of these
 * cases; an `authorize` function that throws or rejects goes to Hono's `onError` (a 500). Decides from the state
 * the core keeps for the context (not a property of it), never from a `session` variable another middleware set.
 *
 * @example
 * ```ts
 * app.get('/api/me', requireSession(), (c) => c.json({ userId: c.get('session')!.userId }));
 * app.delete('/api/invoices/:id', requireSession({ authorize: { permission: 'org:invoices:delete' } }), remove);
 * ```
 */
export function requireSession(options?: ClerkHonoOptions & RequireOptions): MiddlewareHandler<ClerkEnv> {
  return middleware(createContextDecider(options), createRequireCheck(options, `${__PKG_NAME__}: requireSession()`));
}

/**
 * The full `AuthState` of a request that went through {@link clerkMiddleware} or
 * {@link requireSession}. Throws `ERR_NO_AUTH_STATE` when neither ran.
 *
 * @example
 * ```ts
 * app.get('/debug', clerkMiddleware(), (c) => {
 *   const auth = getAuth(c);
 *   return c.json(auth.status === 'signed-in' ? { userId: auth.userId } : { reason: auth.reason });
 * });
 * ```
 */
export function getAuth(c: Context): AuthState {
  return expectAuthState(c, `${__PKG_NAME__}: getAuth()`, 'register clerkMiddleware()');
}
