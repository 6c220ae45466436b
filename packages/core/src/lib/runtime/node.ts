/**
 * What the core takes from Node and nothing else provides: the Node build's runtime module.
 * The fetch build (Bun, Deno, workerd, browsers: see tsup.config.ts and the export conditions)
 * compiles `./fetch.ts` in its place, so that no bundle made for those runtimes contains undici.
 * Both modules export the same names; `current.ts` is the one the rest of the core imports.
 */

/** The transport a client uses when given none: undici's keep-alive pool per origin. */
export const defaultTransport: 'undici' | 'fetch' = 'undici';

/**
 * undici, imported on first use (merely importing the core never loads it).
 *
 * Importing undici makes its `Agent` the process's global dispatcher when none is set yet, and
 * Node's bundled `fetch()` then sends through it: on Node 20 an app's `fetch()` with a
 * `content-length` header of its own then fails with "invalid content-length header"
 * (nodejs/undici#5500). Reading a fetch global first loads Node's bundled undici, which claims the
 * global dispatcher for itself, so the app's `fetch()` stays exactly as it was. The core's own
 * calls go through its own pool and never use the global dispatcher.
 */
export function loadUndici(): Promise<typeof import('undici')> {
  void (globalThis as { Headers?: unknown }).Headers;
  return import('undici');
}

type NodeCrypto = Pick<typeof import('node:crypto'), 'createHash'> & {
  hash?: (algorithm: string, data: string, outputEncoding: 'base64url') => string;
};

const nodeCrypto: NodeCrypto | undefined = (() => {
  // reached through process.getBuiltinModule, not a static import: the Node build must still load
  // where a bundler picked it for a runtime without node:crypto (the Edge runtime, workers)
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const mod = proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
    return typeof mod?.createHash === 'function' ? mod : undefined;
  } catch {
    return undefined;
  }
})();

const oneShot = typeof nodeCrypto?.hash === 'function' ? nodeCrypto.hash : undefined;

/**
 * SHA-256 of a string, base64url, through node:crypto; `undefined` where it is missing (the
 * portable implementation takes over). One-shot `crypto.hash` (Node >= 20.12) is about twice as
 * fast as createHash on short input.
 */
export const nativeSha256Base64url: ((input: string) => string) | undefined =
  oneShot !== undefined
    ? (input) => oneShot('sha256', input, 'base64url')
    : nodeCrypto !== undefined
      ? (input) => nodeCrypto.createHash('sha256').update(input).digest('base64url')
      : undefined;
