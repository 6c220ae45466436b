import {
  createWebhookHandler,
  DEFAULT_WEBHOOK_MAX_BODY_BYTES,
  readNodeRequestBody,
  type WebhookHandlerOptions,
} from '@sessiongate/core/adapter';
import type { Middleware } from 'koa';

/**
 * The webhook route: verifies a Backend API webhook over its raw body (`svix-*` or `webhook-*`
 * headers, `CLERK_WEBHOOK_SIGNING_SECRET` or `signingSecret`), drops the cached verifications a
 * session or user event makes stale (of `client`, default the env-bound default client: pass the
 * client your middleware uses), calls `onEvent(event)` and answers 204 once it resolves; 400 with
 * no body when it does not verify, 413 over `maxBodyBytes`, 500 when `onEvent` throws (the
 * sender retries). It reads the body itself, or the `ctx.request.rawBody` that `@koa/bodyparser`
 * (and `koa-bodyparser`) keep when they are mounted ahead of it; a parser that keeps no raw body
 * must not run before it (the answer is then 500, logged once).
 *
 * @example
 * ```js
 * import Router from '@koa/router';
 * import { clerkWebhook } from '@sessiongate/koa';
 *
 * router.post('/webhooks/clerk', clerkWebhook({ onEvent: async (event) => console.log(event.type) }));
 * ```
 */
export function clerkWebhook(options: WebhookHandlerOptions = {}): Middleware {
  const handle = createWebhookHandler(options);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_WEBHOOK_MAX_BODY_BYTES;
  const logger = options.logger ?? console;
  let warned = false;

  return async function clerkKoaWebhook(ctx) {
    let body: string | Uint8Array;
    const kept = (ctx.request as { rawBody?: unknown }).rawBody;
    try {
      body = typeof kept === 'string' ? kept : await readNodeRequestBody(ctx.req, maxBodyBytes);
    } catch (error) {
      if ((error as { code?: string })?.code === 'ERR_WEBHOOK_BODY_TOO_LARGE') return answer(ctx, 413, true);
      if (error instanceof TypeError) {
        if (!warned && logger) {
          warned = true;
          logger.error(`${__PKG_NAME__}: clerkWebhook() found its body already read by a parser that keeps no raw body: mount it before that parser. Answered 500.`);
        }
        return answer(ctx, 500);
      }
      return answer(ctx, 400, true);
    }
    const { status } = await handle({ headers: ctx.req.headers, body });
    answer(ctx, status);
  };
}

function answer(ctx: Parameters<Middleware>[0], status: number, close = false): void {
  // `body = null` first: Koa then answers with an empty body and keeps the status set after
  ctx.body = null;
  ctx.status = status;
  if (close) ctx.set('Connection', 'close');
}
