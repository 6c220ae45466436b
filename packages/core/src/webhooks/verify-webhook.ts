import { sgError } from '../errors.js';
import type { HeaderBag } from '../request/input.js';
import { readHeader } from '../request/read-header.js';
import { readRawBody, type WebhookRequestInput } from './read-raw-body.js';
import { toWebhookEvent, type WebhookEvent } from './webhook-event.js';

/** Bodies over this many bytes are refused unread (`ERR_WEBHOOK_BODY_TOO_LARGE`). */
export const DEFAULT_WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;
/** A timestamp further than this from now is refused (replay), as the Standard Webhooks scheme says. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;
const MAX_ID_LENGTH = 256;
const MAX_SIGNATURE_HEADER_LENGTH = 8 * 1024;

export interface VerifyWebhookOptions {
  /** `whsec_…`: the endpoint's signing secret. Default: env `CLERK_WEBHOOK_SIGNING_SECRET`, read at the call. */
  signingSecret?: string;
  /** Largest body accepted, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
}

export type { WebhookRequestInput } from './read-raw-body.js';

/** What {@link verifyWebhookMessage} returns: the event, and the message id (for de-duplication). */
export interface VerifiedWebhook {
  event: WebhookEvent;
  /** The `svix-id` / `webhook-id`: the same for every delivery attempt of one message. */
  id: string;
}

/**
 * Verifies a webhook from the Backend API (Standard Webhooks, as the hosted service sends through
 * Svix) and returns its event. The signature is checked over the raw body bytes with the
 * `standardwebhooks` library; either header family is accepted (`svix-id`, `svix-timestamp`,
 * `svix-signature`, or `webhook-id`, `webhook-timestamp`, `webhook-signature`), and any one of
 * several space-separated signatures may match (key rotation).
 *
 * Throws a {@link SessiongateError}: `ERR_WEBHOOK_MISSING_SECRET`, `ERR_WEBHOOK_MISSING_HEADER`,
 * `ERR_WEBHOOK_TIMESTAMP` (more than 5 minutes from now), `ERR_WEBHOOK_BODY_TOO_LARGE`,
 * `ERR_WEBHOOK_INVALID_SIGNATURE`, `ERR_WEBHOOK_PAYLOAD_INVALID` (signed, but not a UTF-8 JSON
 * event); `ERR_INVALID_OPTION` for a secret that is not `whsec_` + base64. Messages never contain
 * the secret, the body or the signature.
 *
 * @example
 * ```ts
 * import { verifyWebhook } from '@sessiongate/core';
 * export async function POST(request: Request) {
 *   const event = await verifyWebhook(request); // CLERK_WEBHOOK_SIGNING_SECRET
 *   if (event.type === 'session.revoked') console.log('revoked', event.data.id);
 *   return new Response(null, { status: 204 });
 * }
 * ```
 */
export async function verifyWebhook(request: WebhookRequestInput, options: VerifyWebhookOptions = {}): Promise<WebhookEvent> {
  return (await verifyWebhookMessage(request, options)).event;
}

/** {@link verifyWebhook}, also returning the message id. */
export async function verifyWebhookMessage(request: WebhookRequestInput, options: VerifyWebhookOptions = {}): Promise<VerifiedWebhook> {
  if (typeof request !== 'object' || request === null) {
    throw new TypeError(`${__PKG_NAME__}: verifyWebhook(request) needs a Request or { headers, body }`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${__PKG_NAME__}: verifyWebhook(request, options) needs options to be an object`);
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_WEBHOOK_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw sgError('ERR_INVALID_OPTION', 'invalid option "maxBodyBytes": must be a positive integer');
  }
  const secret = signingSecretOf(options);
  const headers = signatureHeaders(request.headers);
  checkTimestamp(headers.timestamp);
  const body = await readRawBody(request, maxBodyBytes);

  const webhook = await webhookFor(secret);
  try {
    webhook.verify(
      body,
      { 'webhook-id': headers.id, 'webhook-timestamp': headers.timestamp, 'webhook-signature': headers.signature },
      { jsonParse: false },
    );
  } catch {
    // the library's own error says which check failed, but never anything worth keeping
    throw sgError('ERR_WEBHOOK_INVALID_SIGNATURE', 'the webhook signature does not match');
  }
  return { event: parseEvent(body), id: headers.id };
}

function signingSecretOf(options: VerifyWebhookOptions): string {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const secret = options.signingSecret ?? env?.CLERK_WEBHOOK_SIGNING_SECRET;
  if (secret === undefined || secret === '') {
    throw sgError(
      'ERR_WEBHOOK_MISSING_SECRET',
      'no webhook signing secret: pass { signingSecret } or set CLERK_WEBHOOK_SIGNING_SECRET (the whsec_… secret of the endpoint)',
    );
  }
  if (typeof secret !== 'string') throw sgError('ERR_INVALID_OPTION', 'invalid option "signingSecret": must be a string');
  return secret;
}

interface SignatureHeaders {
  id: string;
  timestamp: string;
  signature: string;
}

/** One complete header family: `webhook-*` when its id is present, else `svix-*`; never a mix. */
function signatureHeaders(bag: HeaderBag): SignatureHeaders {
  const prefix = single(readHeader(bag, 'webhook-id')) !== undefined ? 'webhook' : 'svix';
  const id = single(readHeader(bag, `${prefix}-id`));
  const timestamp = single(readHeader(bag, `${prefix}-timestamp`));
  const signature = single(readHeader(bag, `${prefix}-signature`));
  const missing = [id === undefined && 'id', timestamp === undefined && 'timestamp', signature === undefined && 'signature'].filter(Boolean);
  if (missing.length > 0 || id === undefined || timestamp === undefined || signature === undefined) {
    throw sgError('ERR_WEBHOOK_MISSING_HEADER', `the webhook has no ${prefix}-${missing.join(`, ${prefix}-`)} header (svix-* or webhook-*)`);
  }
  if (id.length > MAX_ID_LENGTH || signature.length > MAX_SIGNATURE_HEADER_LENGTH) {
    throw sgError('ERR_WEBHOOK_INVALID_SIGNATURE', 'the webhook signature does not match');
  }
  return { id, timestamp, signature };
}

function single(value: string | readonly string[] | undefined): string | undefined {
  const one = typeof value === 'string' ? value : value?.length === 1 ? value[0] : undefined;
  return one === undefined || one === '' ? undefined : one;
}

function checkTimestamp(timestamp: string): void {
  const seconds = /^[0-9]{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  if (Number.isNaN(seconds)) throw sgError('ERR_WEBHOOK_TIMESTAMP', 'the webhook timestamp is not a number of seconds');
  const now = Math.floor(Date.now() / 1000);
  if (now - seconds > WEBHOOK_TOLERANCE_SECONDS) throw sgError('ERR_WEBHOOK_TIMESTAMP', 'the webhook timestamp is too old (replayed?)');
  if (seconds - now > WEBHOOK_TOLERANCE_SECONDS) throw sgError('ERR_WEBHOOK_TIMESTAMP', 'the webhook timestamp is in the future');
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function parseEvent(body: Uint8Array): WebhookEvent {
  let payload: unknown;
  try {
    payload = JSON.parse(utf8.decode(body));
  } catch {
    throw sgError('ERR_WEBHOOK_PAYLOAD_INVALID', 'the webhook body is not UTF-8 JSON');
  }
  const event = toWebhookEvent(payload);
  if (event === undefined) throw sgError('ERR_WEBHOOK_PAYLOAD_INVALID', 'the webhook body is not an event ({ type, object: "event", data })');
  return event;
}

type StandardWebhook = import('standardwebhooks').Webhook;
let library: Promise<typeof import('standardwebhooks')> | undefined;
let lastSecret: string | undefined;
let lastWebhook: StandardWebhook | undefined;

/**
 * The library is loaded on the first webhook, so that the request path never loads it; the
 * decoded key of the last secret is kept (one endpoint's secret, in practice).
 */
async function webhookFor(secret: string): Promise<StandardWebhook> {
  if (secret === lastSecret && lastWebhook !== undefined) return lastWebhook;
  const { Webhook } = await (library ??= import('standardwebhooks'));
  let webhook: StandardWebhook;
  try {
    webhook = new Webhook(secret);
  } catch {
    throw sgError('ERR_INVALID_OPTION', 'invalid option "signingSecret": must be whsec_ followed by base64 (the secret of the endpoint)');
  }
  lastSecret = secret;
  lastWebhook = webhook;
  return webhook;
}
