import { sgError } from '../errors.js';

/** The part of a Node `IncomingMessage` (or any readable stream) the reader uses. */
export interface NodeReadableBody {
  headers: Record<string, string | string[] | undefined>;
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  readonly readableEnded?: boolean;
}

/**
 * For adapters on Node: the raw bytes of a request body not yet read by anyone, refused with
 * `ERR_WEBHOOK_BODY_TOO_LARGE` once over `maxBytes` (a `Content-Length` over it unread). On
 * refusal it stops listening and leaves the rest to Node, which discards it, so that the adapter
 * can still answer 413.
 */
export function readNodeRequestBody(req: NodeReadableBody, maxBytes: number): Promise<Uint8Array> {
  const declared = req.headers['content-length'];
  if (typeof declared === 'string' && /^[0-9]+$/.test(declared) && Number(declared) > maxBytes) {
    return Promise.reject(tooLarge());
  }
  if (req.readableEnded === true) {
    return Promise.reject(new TypeError(`${__PKG_NAME__}: the webhook body was already read by another middleware (a body parser mounted before the webhook route)`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const encoder = new TextEncoder();
    const stop = (): void => {
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
    };
    const onData = (chunk: Uint8Array | string): void => {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      size += bytes.byteLength;
      if (size > maxBytes) {
        stop();
        reject(tooLarge());
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = (): void => {
      stop();
      const body = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.byteLength;
      }
      resolve(body);
    };
    const onError = (error: Error): void => {
      stop();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function tooLarge() {
  return sgError('ERR_WEBHOOK_BODY_TOO_LARGE', 'the webhook body is over the size limit');
}
