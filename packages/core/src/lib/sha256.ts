import { sha256 } from '@noble/hashes/sha2.js';
import { encodeBase64url } from './base64url.js';
import { nativeSha256Base64url } from './runtime/current.js';

/**
 * SHA-256 of a string (UTF-8), base64url-encoded, synchronously in every runtime.
 *
 * The Node build uses node:crypto when the runtime has it (lib/runtime/node.ts). Elsewhere, and in
 * the fetch build, `@noble/hashes` (audited, synchronous) takes over: the hash keys the in-flight
 * and cache maps on the hot path, and Web Crypto's digest is only available asynchronously.
 */
export function sha256Base64url(input: string): string {
  if (nativeSha256Base64url !== undefined) return nativeSha256Base64url(input);
  return toBase64url(sha256Bytes(new TextEncoder().encode(input)));
}

/** @internal exported for the tests that compare it with Node's implementation and the FIPS 180-4 vectors. */
export function sha256Bytes(message: Uint8Array): Uint8Array {
  return sha256(message);
}

/** @internal */
export function toBase64url(bytes: Uint8Array): string {
  return encodeBase64url(bytes);
}
