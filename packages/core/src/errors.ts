/**
 * Every code a {@link SessiongateError} can carry. A closed union: `switch (err.code)` narrows.
 *
 * - `ERR_INVALID_OPTION`: a bad option (or environment variable); the message names it.
 * - `ERR_MISSING_API_KEY`: no `apiKey` option and no `CLERK_API_KEY` at first use.
 * - `ERR_INVALID_ARGUMENT`: a malformed argument (e.g. an id) passed to a resource method; nothing was sent.
 * - `ERR_BACKEND_STATUS`: the Backend API answered with a non-2xx status ({@link ClerkAPIError}).
 * - `ERR_BACKEND_TIMEOUT`: the call outlived its deadline (headers or body).
 * - `ERR_BACKEND_UNREACHABLE`: connection refused, reset or not resolvable.
 * - `ERR_BACKEND_RESPONSE_INVALID`: a non-JSON, oversized or wrong-shaped answer.
 * - `ERR_NO_AUTH_STATE`: (adapters) the auth state was read where no middleware ran.
 * - `ERR_WEBHOOK_MISSING_SECRET`: no `signingSecret` option and no `CLERK_WEBHOOK_SIGNING_SECRET` at first use.
 * - `ERR_WEBHOOK_MISSING_HEADER`: a webhook without its id, timestamp or signature header (either family).
 * - `ERR_WEBHOOK_INVALID_SIGNATURE`: no signature of the webhook matches its id, timestamp and raw body.
 * - `ERR_WEBHOOK_TIMESTAMP`: a webhook timestamp that is malformed or more than 5 minutes from now (replay).
 * - `ERR_WEBHOOK_BODY_TOO_LARGE`: a webhook body over the size limit; it was not read further.
 * - `ERR_WEBHOOK_PAYLOAD_INVALID`: a correctly signed body that is not UTF-8 JSON in the event shape.
 * - `ERR_CACHE_INVALIDATION_FAILED`: the cache store failed to drop a session's or user's entries.
 */
export type SessiongateErrorCode =
  | 'ERR_INVALID_OPTION'
  | 'ERR_MISSING_API_KEY'
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_BACKEND_STATUS'
  | 'ERR_BACKEND_TIMEOUT'
  | 'ERR_BACKEND_UNREACHABLE'
  | 'ERR_BACKEND_RESPONSE_INVALID'
  | 'ERR_NO_AUTH_STATE'
  | 'ERR_WEBHOOK_MISSING_SECRET'
  | 'ERR_WEBHOOK_MISSING_HEADER'
  | 'ERR_WEBHOOK_INVALID_SIGNATURE'
  | 'ERR_WEBHOOK_TIMESTAMP'
  | 'ERR_WEBHOOK_BODY_TOO_LARGE'
  | 'ERR_WEBHOOK_PAYLOAD_INVALID'
  | 'ERR_CACHE_INVALIDATION_FAILED';

const kSessiongateError = Symbol.for('@sessiongate/core.error');
const baseHasInstance = Function.prototype[Symbol.hasInstance];

/**
 * The one error class of `@sessiongate/core` (and its adapters). Messages never contain an
 * API key or a token. Branded with `Symbol.for`, so `instanceof` and {@link SessiongateError.is}
 * hold across two installed copies of the package.
 *
 * @example
 * ```ts
 * try {
 *   await sessions.getSession(id);
 * } catch (err) {
 *   if (SessiongateError.is(err) && err.code === 'ERR_BACKEND_TIMEOUT') retryLater();
 *   else throw err;
 * }
 * ```
 */
export class SessiongateError<C extends SessiongateErrorCode = SessiongateErrorCode> extends Error {
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, kSessiongateError, { value: true });
  }

  override get name(): string {
    return 'SessiongateError';
  }

  /** `true` when `value` is a SessiongateError from any copy of the package. */
  static is(value: unknown): value is SessiongateError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[kSessiongateError] === true;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return this === SessiongateError ? SessiongateError.is(value) : baseHasInstance.call(this, value);
  }
}

// The bundler renames a class that refers to itself (`class _SessiongateError`), and Node
// names an error by its constructor in logs: keep the public names in the built output.
Object.defineProperty(SessiongateError, 'name', { value: 'SessiongateError' });

/** One entry of the Backend API's `{ errors: [...] }` body, camelCased. */
export interface ClerkAPIErrorEntry {
  code: string;
  message: string;
  longMessage: string;
}

/**
 * The Backend API answered with a non-2xx status (`code` is `ERR_BACKEND_STATUS`). Carries
 * the status, the backend's error entries, its trace id and `Retry-After` (seconds) when sent.
 *
 * @example
 * ```ts
 * try {
 *   await sessions.verifySession(sessionId, token);
 * } catch (err) {
 *   if (ClerkAPIError.is(err) && err.status === 404) return null; // unknown session
 *   throw err;
 * }
 * ```
 */
export class ClerkAPIError extends SessiongateError<'ERR_BACKEND_STATUS'> {
  readonly status: number;
  readonly errors: readonly ClerkAPIErrorEntry[];
  readonly clerkTraceId?: string;
  readonly retryAfter?: number;

  constructor(
    message: string,
    details: { status: number; errors: readonly ClerkAPIErrorEntry[]; clerkTraceId?: string; retryAfter?: number },
  ) {
    super('ERR_BACKEND_STATUS', message);
    this.status = details.status;
    this.errors = details.errors;
    if (details.clerkTraceId !== undefined) this.clerkTraceId = details.clerkTraceId;
    if (details.retryAfter !== undefined) this.retryAfter = details.retryAfter;
  }

  override get name(): string {
    return 'ClerkAPIError';
  }

  /** `true` when `value` is a ClerkAPIError from any copy of the package. */
  static override is(value: unknown): value is ClerkAPIError {
    return SessiongateError.is(value) && value.code === 'ERR_BACKEND_STATUS';
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return ClerkAPIError.is(value);
  }
}

Object.defineProperty(ClerkAPIError, 'name', { value: 'ClerkAPIError' });

/** Builds a SessiongateError whose message is prefixed with the package name. */
export function sgError<C extends SessiongateErrorCode>(code: C, message: string, cause?: unknown): SessiongateError<C> {
  return new SessiongateError(code, `${__PKG_NAME__}: ${message}`, cause === undefined ? undefined : { cause });
}
