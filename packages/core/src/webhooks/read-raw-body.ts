import { sgError } from '../errors.js';
import type { HeaderBag } from '../request/input.js';

/**
 * A webhook request: a WHATWG `Request` (its body is read by `readRawBody`, up to the limit), or the headers
 * and the raw body exactly as received: a `string` or the bytes. Never a parsed-and-re-serialized
 * JSON body: its bytes differ from the signed ones and the signature will not match.
 */
export type WebhookRequestInput = Request | { headers: HeaderBag; body: string | Uint8Array };

const encoder = new TextEncoder();

/**
 * The body's bytes, exactly as received, refused once over `maxBytes` without reading further:
 * a `Request`'s stream is read chunk by chunk (and cancelled when too long), after a
 * `Content-Length` over the limit has been refused unread.
 */
export async function readRawBody(request: WebhookRequestInput, maxBytes: number): Promise<Uint8Array> {
  if (typeof Request === 'function' && request instanceof Request) return readRequest(request, maxBytes);
  const { body } = request as { body: unknown };
  if (typeof body === 'string') {
    // every UTF-16 code unit is at least one UTF-8 byte: a longer string is over the limit for sure
    if (body.length > maxBytes) throw tooLarge();
    return checked(encoder.encode(body), maxBytes);
  }
  if (body instanceof Uint8Array) return checked(body, maxBytes);
  throw new TypeError(
    `${__PKG_NAME__}: verifyWebhook({ headers, body }) needs the raw body as a string or bytes (Buffer, Uint8Array), not parsed JSON: a re-serialized body never matches the signature`,
  );
}

async function readRequest(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^[0-9]+$/.test(declared) && Number(declared) > maxBytes) {
    await request.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function checked(bytes: Uint8Array, maxBytes: number): Uint8Array {
  if (bytes.byteLength > maxBytes) throw tooLarge();
  return bytes;
}

function tooLarge() {
  return sgError('ERR_WEBHOOK_BODY_TOO_LARGE', 'the webhook body is over the size limit');
}
