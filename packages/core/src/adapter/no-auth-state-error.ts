import { SessiongateError } from '../errors.js';

/**
 * The error an adapter throws (or hands to its framework) when the auth state is read where no
 * sessiongate middleware ran: code `ERR_NO_AUTH_STATE`, and one message shape,
 * "`<who>` found no auth state — `<remedy>` first", plus an optional `detail`.
 *
 * @example
 * ```ts
 * throw noAuthStateError(`${PKG}: getAuth()`, 'register clerkMiddleware()');
 * // "@sessiongate/x: getAuth() found no auth state — register clerkMiddleware() first"
 * ```
 */
export function noAuthStateError(who: string, remedy: string, detail?: string): SessiongateError<'ERR_NO_AUTH_STATE'> {
  const tail = detail === undefined ? '' : ` ${detail}`;
  return new SessiongateError('ERR_NO_AUTH_STATE', `${who} found no auth state — ${remedy} first${tail}`);
}
