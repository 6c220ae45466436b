import { base64url } from 'jose';

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** base64url without padding, of bytes or of a string's UTF-8 (jose's encoder, on every runtime). */
export function encodeBase64url(input: Uint8Array | string): string {
  return base64url.encode(input);
}

/** The bytes of an unpadded base64url text, or `undefined` when it is not one (never throws). */
export function decodeBase64url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text)) return undefined;
  try {
    return base64url.decode(text);
  } catch {
    return undefined;
  }
}

/** The UTF-8 text of an unpadded base64url text, or `undefined` when it is not valid (never throws). */
export function decodeBase64urlText(text: string): string | undefined {
  const bytes = decodeBase64url(text);
  if (bytes === undefined) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}
