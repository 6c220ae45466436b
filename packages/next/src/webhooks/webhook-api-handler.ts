import type { IncomingMessage, ServerResponse } from 'node:http';
import { PKG } from '../lib/package-name.js';
import { createWebhookHandler, DEFAULT_WEBHOOK_MAX_BODY_BYTES, readNodeRequestBody, type WebhookHandlerOptions } from '@sessiongate/core/adapter';

/**
 * The webhook route as a Pages API route. Next's body parser must be off for that route (it
 * would leave only a re-parsed body, whose bytes are not the signed ones): export
 * `config = { api: { bodyParser: false } }` beside it. Otherwise as {@link webhookHandler}; with
 * the parser on, the answer is 500 and one log line says what to export.
 *
 * @example
 * ```ts
 * // pages/api/webhooks/clerk.ts
 * import { webhookApiHandler } from '@sessiongate/next';
 * export const config = { api: { bodyParser: false } };
 * export default webhookApiHandler({ onEvent: async (event) => console.log(event.type) });
 * ```
 */
export function webhookApiHandler(options: WebhookHandlerOptions = {}): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const handle = createWebhookHandler(options);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_WEBHOOK_MAX_BODY_BYTES;
  const logger = options.logger ?? console;
  let warned = false;
  return async function webhookApiRoute(req, res) {
    let body: Uint8Array;
    try {
      body = await readNodeRequestBody(req, maxBodyBytes);
    } catch (error) {
      if ((error as { code?: string })?.code === 'ERR_WEBHOOK_BODY_TOO_LARGE') return answer(res, 413, true);
      if (error instanceof TypeError) {
        if (!warned && logger) {
          warned = true;
          logger.error(`${PKG}: webhookApiHandler() found its body already parsed: export const config = { api: { bodyParser: false } } from the route. Answered 500.`);
        }
        return answer(res, 500);
      }
      return answer(res, 400, true);
    }
    const { status } = await handle({ headers: req.headers, body });
    answer(res, status);
  };
}

function answer(res: ServerResponse, status: number, close = false): void {
  if (res.headersSent) return;
  if (close) res.setHeader('Connection', 'close');
  res.statusCode = status;
  res.end();
}
