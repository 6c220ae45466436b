import { sha256 } from '@noble/hashes/sha2.js';
import { encodeBase64url } from './base64url.js';

/**
 * SHA-256 of a string (UTF-8), base64url-encoded, synchronously in every runtime.
 *
 * Node's `crypto` is used when the runtime has it; it is reached through
 * `process.getBuiltinModule` rather than a static `node:crypto` import, so that the core
 * still loads where there is no `node:crypto` (Next.js's Edge runtime, workers). There,
 * `@noble/hashes` (audited, synchronous) takes over: the hash keys the in-flight and cache maps
 * on the hot path, and Web Crypto's digest is only available asynchronously.
 */
export function sha256Base64url(input: string): string {
  // one-shot `crypto.hash` (Node >= 20.12) is about twice as fast as createHash on short input
  if (nodeHash !== undefined) return nodeHash('sha256', input, 'base64url');
  if (nodeCrypto !== undefined) return nodeCrypto.createHash('sha256').update(input).digest('base64url');
  return toBase64url(sha256Bytes(new TextEncoder().encode(input)));
}

type NodeCrypto = Pick<typeof import('node:crypto'), 'createHash'> & {
  hash?: (algorithm: string, data: string, outputEncoding: 'base64url') => string;
};

const nodeCrypto: NodeCrypto | undefined = (() => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const mod = proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
    return typeof mod?.createHash === 'function' ? mod : undefined;
  } catch {
    return undefined;
  }
})();

const nodeHash = typeof nodeCrypto?.hash === 'function' ? nodeCrypto.hash : undefined;

/** @internal exported for the tests that compare it with Node's implementation and the FIPS 180-4 vectors. */
export function sha256Bytes(message: Uint8Array): Uint8Array {
  return sha256(message);
}

/** @internal */
export function toBase64url(bytes: Uint8Array): string {
  return encodeBase64url(bytes);
}
