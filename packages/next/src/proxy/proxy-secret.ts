import { encodeBase64url } from '@sessiongate/core/adapter';
import { PKG } from '../lib/package-name.js';

/** Environment variable holding the secret shared by the proxy and the route handlers. */
export const PROXY_SECRET_ENV = 'SESSIONGATE_PROXY_SECRET';

const kProcessSecret = Symbol.for('@sessiongate/next.proxy-secret');

/**
 * Resolves the secret once, at the first call, and keeps the answer (or the error: a bad
 * `SESSIONGATE_PROXY_SECRET` then fails every request alike, whatever the client sent).
 */
export function lazyProxySecret(explicit: string | undefined): () => string {
  let memo: { secret: string } | { error: unknown } | undefined;
  return () => {
    if (memo === undefined) {
      try {
        memo = { secret: resolveProxySecret(explicit) };
      } catch (error) {
        memo = { error };
      }
    }
    if ('error' in memo) throw memo.error;
    return memo.secret;
  };
}

/**
 * The HMAC secret used to sign and verify forwarded auth state: the explicit option, else
 * `SESSIONGATE_PROXY_SECRET`, else a random secret generated once per JavaScript realm and
 * kept on `globalThis` (so every bundle of this package in one Node.js process agrees).
 */
export function resolveProxySecret(explicit: string | undefined): string {
  if (explicit !== undefined) return explicit;
  const fromEnv = typeof process !== 'undefined' ? process.env?.[PROXY_SECRET_ENV] : undefined;
  if (fromEnv) {
    if (fromEnv.length < 32) {
      throw new TypeError(
        `${PKG}: ${PROXY_SECRET_ENV} must be at least 32 characters; set it to a long random value (the same in the proxy and the routes), or unset it for a per-process secret`,
      );
    }
    return fromEnv;
  }
  const holder = globalThis as { [kProcessSecret]?: string };
  holder[kProcessSecret] ??= encodeBase64url(crypto.getRandomValues(new Uint8Array(32)));
  return holder[kProcessSecret];
}
