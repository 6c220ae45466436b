import { createWebhookHandler, DEFAULT_WEBHOOK_MAX_BODY_BYTES, type WebhookHandlerOptions } from '@sessiongate/core/adapter';
import type { FastifyPluginAsync } from 'fastify';

/** Options of {@link clerkWebhooks}: the webhook options, and the route's path. */
export interface ClerkWebhookPluginOptions extends WebhookHandlerOptions {
  /** Default `/webhooks/clerk` (under the prefix the plugin is registered with). */
  path?: string;
}

/**
 * The webhook route, as a plugin: `POST {path}` verifies a Backend API webhook over its raw body
 * (`svix-*` or `webhook-*` headers, `CLERK_WEBHOOK_SIGNING_SECRET` or `signingSecret`), drops
 * the cached verifications a session or user event makes stale (of `client`, default the
 * env-bound default client: pass the client `clerkPlugin` uses), calls `onEvent(event)` and
 * answers 204 once it resolves; 400 with no body when it does not verify, 413 over
 * `maxBodyBytes`, 500 when `onEvent` throws (the sender retries). Not wrapped in fastify-plugin
 * on purpose: its raw-body content parser is scoped to this route, and every other route keeps
 * Fastify's JSON parser.
 *
 * @example
 * ```js
 * import { clerkWebhooks } from '@sessiongate/fastify';
 * await app.register(clerkWebhooks, { onEvent: async (event) => app.log.info(event.type) });
 * ```
 */
export const clerkWebhooks: FastifyPluginAsync<ClerkWebhookPluginOptions> = async (fastify, options) => {
  const { path = '/webhooks/clerk', ...webhookOptions } = options;
  const handle = createWebhookHandler(webhookOptions);
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: webhookOptions.maxBodyBytes ?? DEFAULT_WEBHOOK_MAX_BODY_BYTES },
    (_request, body, done) => done(null, body),
  );
  fastify.post(path, async (request, reply) => {
    const body = request.body instanceof Uint8Array ? request.body : new Uint8Array(0);
    const { status } = await handle({ headers: request.headers, body });
    return reply.code(status).send();
  });
};
