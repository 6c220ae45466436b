import { createWebhookHandler, type WebhookHandlerOptions } from '@sessiongate/core/adapter';

/**
 * The webhook route as an App Router route handler: verifies a Backend API webhook over its raw
 * body (`svix-*` or `webhook-*` headers, `CLERK_WEBHOOK_SIGNING_SECRET` or `signingSecret`), drops
 * the cached verifications a session or user event makes stale (of `client`, default the
 * env-bound default client: pass the client your routes use), calls `onEvent(event)` and answers
 * 204 once it resolves; 400 with no body when it does not verify, 413 over `maxBodyBytes`, 500
 * when `onEvent` throws (the sender retries). Route handlers get the body unread: nothing to
 * configure. Web APIs only, so it runs in the Edge runtime too.
 *
 * @example
 * ```ts
 * // app/api/webhooks/clerk/route.ts
 * import { webhookHandler } from '@sessiongate/next';
 * export const POST = webhookHandler({ onEvent: async (event) => console.log(event.type) });
 * ```
 */
export function webhookHandler(options: WebhookHandlerOptions = {}): (request: Request) => Promise<Response> {
  const handle = createWebhookHandler(options);
  return async function POST(request: Request): Promise<Response> {
    const { status } = await handle(request);
    return new Response(null, { status });
  };
}
