/**
 * The fetch build's runtime module (Bun, Deno, workerd, browsers): the same names as `./node.ts`,
 * with nothing Node-only. The platform `fetch` is the default transport, and SHA-256 is
 * `@noble/hashes` (see lib/sha256.ts). tsup.config.ts compiles this file in place of `./current.ts`.
 */

/** The transport a client uses when given none: the platform `fetch`. */
export const defaultTransport: 'undici' | 'fetch' = 'fetch';

/** undici is not part of this build: `createUndiciTransport` fails on its first call, and says why. */
export function loadUndici(): Promise<typeof import('undici')> {
  return Promise.reject(
    new Error(
      `${__PKG_NAME__}: undici is not available in this build of ${__PKG_NAME__} (the one for Bun, Deno, ` +
        'workerd and browsers, chosen by the package export conditions); use createFetchTransport() or the default transport',
    ),
  );
}

/** No native fast path: the portable implementation is used. */
export const nativeSha256Base64url: ((input: string) => string) | undefined = undefined;
