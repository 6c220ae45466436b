import { isSpace } from './is-space.js';

/** `readBearer` found an `Authorization` header it cannot read as exactly one bearer token. */
export const MALFORMED_BEARER: unique symbol = Symbol('malformed-bearer');

/**
 * The token of an `Authorization: Bearer <token>` header.
 *
 * - no header, an empty one, another scheme (`Basic …`), or `Bearer` without a token -> `undefined`
 *   (no token: the request is `token-missing` unless a cookie supplied one);
 * - several `Authorization` headers (a string array of more than one, or values a `Headers` object
 *   joined with `, `), or more than one word after the scheme -> {@link MALFORMED_BEARER};
 * - otherwise the token, not yet checked against the alphabet.
 *
 * The scheme is case-insensitive; one or more spaces or tabs separate it from the token.
 */
export function readBearer(
  value: string | readonly string[] | undefined,
): string | typeof MALFORMED_BEARER | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    if (value.length === 0) return undefined;
    if (value.length > 1) return MALFORMED_BEARER;
    value = value[0] as string;
  }
  let start = 0;
  let end = value.length;
  while (start < end && isSpace(value.charCodeAt(start))) start++;
  while (end > start && isSpace(value.charCodeAt(end - 1))) end--;
  if (end - start < 6) return undefined;
  if (value.slice(start, start + 6).toLowerCase() !== 'bearer') return undefined;
  let tokenStart = start + 6;
  if (tokenStart === end) return undefined;
  if (!isSpace(value.charCodeAt(tokenStart))) return undefined; // e.g. "BearerX", another scheme
  while (tokenStart < end && isSpace(value.charCodeAt(tokenStart))) tokenStart++;
  const token = value.slice(tokenStart, end);
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (isSpace(code) || code === 0x2c) return MALFORMED_BEARER;
  }
  return token;
}
