/** Longest token accepted; longer ones are `token-malformed` without a backend call. */
export const MAX_TOKEN_LENGTH = 8192;

// A compiled character class, not a charCodeAt loop over a lookup table: on a ~700-character
// session JWT it takes 1.5-2.5 µs less a call (2 million calls pinned to one CPU, the cookie built
// and sliced in the loop too: 1.0-1.3 against 2.6-3.8 µs), and it runs on every request.
const TOKEN_PATTERN = /^[A-Za-z0-9._~+/=-]+$/;

/** True when `token` is 1..{@link MAX_TOKEN_LENGTH} characters of `[A-Za-z0-9._~+/=-]`. */
export function isWellFormedToken(token: string): boolean {
  return token.length <= MAX_TOKEN_LENGTH && TOKEN_PATTERN.test(token);
}
