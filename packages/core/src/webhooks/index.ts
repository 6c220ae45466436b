export { verifyWebhook, verifyWebhookMessage, DEFAULT_WEBHOOK_MAX_BODY_BYTES, WEBHOOK_TOLERANCE_SECONDS } from './verify-webhook.js';
export type { VerifyWebhookOptions, WebhookRequestInput, VerifiedWebhook } from './verify-webhook.js';
export { createWebhookHandler } from './create-webhook-handler.js';
export type { WebhookHandlerOptions, WebhookOutcome, WebhookEventMeta } from './create-webhook-handler.js';
export { WEBHOOK_EVENT_TYPES, toWebhookEvent } from './webhook-event.js';
export type * from './webhook-event.js';
export { readNodeRequestBody, type NodeReadableBody } from './read-node-body.js';
