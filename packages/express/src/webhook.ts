import {
  createWebhookHandler,
  DEFAULT_WEBHOOK_MAX_BODY_BYTES,
  readNodeRequestBody,
  type WebhookHandlerOptions,
} from '@sessiongate/core/adapter';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

const kRawBody = Symbol.for('@sessiongate/express.rawBody');

/**
 * The `verify` option of a body parser mounted before the webhook route: it keeps the raw bytes
 * that the parser read, so that `ClerkExpressWebhook` verifies them and not a re-serialized body.
 *
 * @example
 * ```js
 * app.use(express.json({ verify: keepRawBody })); // a global parser, ahead of every route
 * app.post('/webhooks/clerk', ClerkExpressWebhook({ onEvent }));
 * ```
 */
export function keepRawBody(req: unknown, _res: unknown, buf: Buffer): void {
  if (typeof req === 'object' && req !== null) Object.defineProperty(req, kRawBody, { value: buf, configurable: true });
}

/**
 * The webhook route: verifies a Backend API webhook over its raw body (`svix-*` or `webhook-*`
 * headers, `CLERK_WEBHOOK_SIGNING_SECRET` or `signingSecret`), drops the cached verifications a
 * session or user event makes stale (of `client`, default the env-bound default client: pass
 * the client your middleware uses), calls `onEvent(event)` and answers 204 once it resolves.
 * 400 with no body for a webhook that does not verify, 413 over `maxBodyBytes`, 500 when
 * `onEvent` throws (the sender retries) or the body was parsed by a JSON parser mounted before
 * this route without {@link keepRawBody}.
 *
 * @example
 * ```js
 * import express from 'express';
 * import { ClerkExpressWebhook } from '@sessiongate/express';
 *
 * const app = express();
 * // before app.use(express.json()): this route reads the raw body itself
 * app.post('/webhooks/clerk', ClerkExpressWebhook({ onEvent: async (event) => console.log(event.type) }));
 * app.use(express.json());
 * ```
 */
export function ClerkExpressWebhook(options: WebhookHandlerOptions = {}): RequestHandler {
  const handle = createWebhookHandler(options);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_WEBHOOK_MAX_BODY_BYTES;
  const logger = options.logger ?? console;
  let warned = false;

  return function clerkExpressWebhook(req: Request, res: Response, next: NextFunction): void {
    rawBodyOf(req, maxBodyBytes).then(
      (body) => handle({ headers: req.headers, body }).then(({ status }) => answer(res, status), next),
      (error: unknown) => {
        if ((error as { code?: string })?.code === 'ERR_WEBHOOK_BODY_TOO_LARGE') return answer(res, 413, true);
        if (error instanceof TypeError) {
          if (!warned && logger) {
            warned = true;
            logger.error(
              `${__PKG_NAME__}: ClerkExpressWebhook() found its body already parsed: mount it before app.use(express.json()), or mount the parser with express.json({ verify: keepRawBody }). Answered 500.`,
            );
          }
          return answer(res, 500);
        }
        // the client went away mid-body: nothing worth verifying
        answer(res, 400, true);
      },
    );
  };
}

function rawBodyOf(req: Request, maxBodyBytes: number): Promise<Uint8Array | string> {
  const kept = (req as unknown as Record<symbol, unknown>)[kRawBody];
  if (kept instanceof Uint8Array) return Promise.resolve(kept);
  // express.raw() or express.text() mounted for this route: the bytes, or the text, as received
  if (req.body instanceof Uint8Array || typeof req.body === 'string') return Promise.resolve(req.body);
  return readNodeRequestBody(req, maxBodyBytes);
}

function answer(res: Response, status: number, close = false): void {
  if (res.headersSent) return;
  if (close) res.setHeader('Connection', 'close');
  res.status(status).end();
}
