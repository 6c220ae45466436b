import { oversizedError, timeoutError, toTransportError } from './transport-errors.js';
import type { Transport } from './transport.js';

/**
 * A {@link Transport} over WHATWG `fetch`, for runtimes without undici (Next.js Edge,
 * Cloudflare Workers, Deno). Enforces the same deadline and size cap as the default.
 *
 * @example
 * ```ts
 * import { createClerkClient, createFetchTransport } from '@sessiongate/core';
 * const clerk = createClerkClient({ transport: createFetchTransport() });
 * ```
 */
export function createFetchTransport(fetchImpl: typeof fetch = globalThis.fetch): Transport {
  if (typeof fetchImpl !== 'function') {
    throw new TypeError(`${__PKG_NAME__}: createFetchTransport() needs a fetch implementation`);
  }
  return async (req) => {
    try {
      const res = await fetchImpl(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body ?? null,
        signal: req.signal,
        redirect: 'manual',
      });
      const max = req.maxResponseBytes;
      if (Number(res.headers.get('content-length')) > max) {
        await res.body?.cancel().catch(() => {});
        throw oversizedError(max);
      }
      let body = '';
      if (res.body) {
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let size = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.byteLength;
          if (size > max) {
            await reader.cancel().catch(() => {});
            throw oversizedError(max);
          }
          body += decoder.decode(value, { stream: true });
        }
        body += decoder.decode();
      }
      if (req.signal.aborted) throw timeoutError();
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        headers[k] = v;
      });
      return { status: res.status, headers, body };
    } catch (err) {
      throw toTransportError(err, req.signal.aborted);
    }
  };
}
