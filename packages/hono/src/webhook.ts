import { createWebhookHandler, type WebhookHandlerOptions, type WebhookRequestInput } from '@sessiongate/core/adapter';
import type { Context, Handler } from 'hono';

/**
 * The webhook route: verifies a Backend API webhook over its raw body (`svix-*` or `webhook-*`
 * headers, `CLERK_WEBHOOK_SIGNING_SECRET` or `signingSecret`), drops the cached verifications a
 * session or user event makes stale (of `client`, default the env-bound default client: pass the
 * client your middleware uses), calls `onEvent(event)` and answers 204 once it resolves; 400 with
 * no body when it does not verify, 413 over `maxBodyBytes`, 500 when `onEvent` throws (the sender
 * retries). Web APIs only: it runs on Node and on fetch-only runtimes. It reads `c.req.raw`, or
 * the raw text or bytes a middleware already read through `c.req.text()` / `c.req.arrayBuffer()`;
 * (Hono keeps the text behind `c.req.json()` too); a body consumed through `c.req.raw` left nothing verifiable (500, logged once).
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { clerkWebhook } from '@sessiongate/hono';
 *
 * const app = new Hono();
 * app.post('/webhooks/clerk', clerkWebhook({ onEvent: async (event) => console.log(event.type) }));
 * ```
 */
export function clerkWebhook(options: WebhookHandlerOptions = {}): Handler {
  const handle = createWebhookHandler(options);
  const logger = options.logger ?? console;
  let warned = false;

  return async function clerkHonoWebhook(c: Context) {
    const input = await rawInput(c);
    if (input === undefined) {
      if (!warned && logger) {
        warned = true;
        logger.error(`${__PKG_NAME__}: clerkWebhook() found its body already consumed through c.req.raw by a middleware: its raw bytes are gone. Answered 500.`);
      }
      return c.body(null, 500);
    }
    const { status } = await handle(input);
    return c.body(null, status);
  };
}

async function rawInput(c: Context): Promise<WebhookRequestInput | undefined> {
  const cache = c.req.bodyCache as { arrayBuffer?: Promise<ArrayBuffer>; text?: Promise<string> };
  if (cache.arrayBuffer !== undefined) return { headers: c.req.raw.headers, body: new Uint8Array(await cache.arrayBuffer) };
  if (cache.text !== undefined) return { headers: c.req.raw.headers, body: await cache.text };
  if (c.req.raw.bodyUsed) return undefined;
  return c.req.raw;
}
