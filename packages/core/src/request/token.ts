/** Longest token accepted; longer ones are `token-malformed` without a backend call. */
export const MAX_TOKEN_LENGTH = 8192;

const TOKEN_ALPHABET = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~+/=-') {
  TOKEN_ALPHABET[ch.charCodeAt(0)] = 1;
}

/** True when `token` is 1..{@link MAX_TOKEN_LENGTH} characters of `[A-Za-z0-9._~+/=-]`. */
export function isWellFormedToken(token: string): boolean {
  const length = token.length;
  if (length === 0 || length > MAX_TOKEN_LENGTH) return false;
  for (let i = 0; i < length; i++) {
    const code = token.charCodeAt(i);
    if (code > 127 || TOKEN_ALPHABET[code] === 0) return false;
  }
  return true;
}
