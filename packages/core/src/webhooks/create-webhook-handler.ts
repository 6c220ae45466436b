import { invalidateSession, invalidateUser } from '../defaults.js';
import { SessiongateError } from '../errors.js';
import { createLogOnce } from '../lib/log-once.js';
import { verifyWebhookMessage, type VerifyWebhookOptions, type WebhookRequestInput } from './verify-webhook.js';
import type { WebhookEvent } from './webhook-event.js';

/** What the app learns besides the event: the message id, the same on every retry (de-duplicate by it). */
export interface WebhookEventMeta {
  id: string;
}

/** Options of every adapter's webhook route helper. */
export interface WebhookHandlerOptions extends VerifyWebhookOptions {
  /**
   * Called with each verified event, after the cache was invalidated; the route answers 2xx once
   * it resolves and 500 when it throws or rejects (the sender retries).
   */
  onEvent?: (event: WebhookEvent, meta: WebhookEventMeta) => unknown;
  /**
   * The client whose verification cache the events invalidate: the one the app's middleware uses
   * (pass the same `client` to both). Default: the env-bound default client.
   */
  client?: { invalidateSession(sessionId: string): Promise<void>; invalidateUser(userId: string): Promise<void> };
  /** Where a misconfiguration or a throwing `onEvent` is reported. Default `console`; `false` for silence. */
  logger?: Pick<Console, 'warn' | 'error'> | false;
}

/**
 * The answer an adapter sends, with no body: 204 (handled), 400 (not a verifiable webhook:
 * missing header, bad signature, stale timestamp, not an event; no detail is given), 413 (body
 * over the limit), 500 (a misconfiguration, a failed invalidation or a throwing `onEvent`: the
 * sender retries).
 */
export interface WebhookOutcome {
  status: 204 | 400 | 413 | 500;
}

const REFUSED = new Set(['ERR_WEBHOOK_MISSING_HEADER', 'ERR_WEBHOOK_INVALID_SIGNATURE', 'ERR_WEBHOOK_TIMESTAMP', 'ERR_WEBHOOK_PAYLOAD_INVALID']);

/**
 * For adapters: the webhook route as a function of the raw request. Verifies it
 * ({@link verifyWebhook}), drops the cached verifications a session or user event makes stale
 * (`session.ended|removed|revoked` → the session; `user.updated|deleted` and membership events →
 * the user), then calls `onEvent`. Never throws: every outcome is a status.
 *
 * @example
 * ```ts
 * const handle = createWebhookHandler({ onEvent: (event) => console.log(event.type) });
 * const { status } = await handle({ headers: req.headers, body: rawBytes });
 * res.writeHead(status).end();
 * ```
 */
export function createWebhookHandler(options: WebhookHandlerOptions = {}): (request: WebhookRequestInput) => Promise<WebhookOutcome> {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${__PKG_NAME__}: webhook options must be an object`);
  const { onEvent, client, logger = console, ...verifyOptions } = options;
  if (onEvent !== undefined && typeof onEvent !== 'function') throw new TypeError(`${__PKG_NAME__}: webhook option "onEvent" must be a function`);
  if (client !== undefined && (typeof client?.invalidateSession !== 'function' || typeof client.invalidateUser !== 'function')) {
    throw new TypeError(`${__PKG_NAME__}: webhook option "client" must be a Clerk instance (new Clerk() / createClerkClient())`);
  }
  const log = createLogOnce(logger);
  const invalidation = client ?? { invalidateSession, invalidateUser };

  return async function handleWebhook(request) {
    let verified;
    try {
      verified = await verifyWebhookMessage(request, verifyOptions);
    } catch (error) {
      if (SessiongateError.is(error) && REFUSED.has(error.code)) return { status: 400 };
      if (SessiongateError.is(error) && error.code === 'ERR_WEBHOOK_BODY_TOO_LARGE') return { status: 413 };
      // a missing or malformed secret, or a request the adapter could not read: the sender retries
      log(`webhook-${SessiongateError.is(error) ? error.code : 'error'}`, 'error', `the webhook route answered 500: ${describe(error)}`);
      return { status: 500 };
    }
    try {
      await invalidate(invalidation, verified.event);
    } catch (error) {
      log('webhook-invalidate', 'error', `the webhook route answered 500: ${describe(error)}`);
      return { status: 500 };
    }
    if (onEvent !== undefined) {
      try {
        await onEvent(verified.event, { id: verified.id });
      } catch (error) {
        reportOnEventFailure(logger, error);
        return { status: 500 };
      }
    }
    return { status: 204 };
  };
}

/** The cache entries an event makes stale. */
export async function invalidate(client: NonNullable<WebhookHandlerOptions['client']>, event: WebhookEvent): Promise<void> {
  switch (event.type) {
    case 'session.ended':
    case 'session.removed':
    case 'session.revoked':
      return client.invalidateSession(event.data.id);
    case 'user.updated':
    case 'user.deleted':
      return client.invalidateUser(event.data.id);
    case 'organizationMembership.created':
    case 'organizationMembership.updated':
    case 'organizationMembership.deleted': {
      const userId = event.data.public_user_data?.user_id;
      if (typeof userId === 'string' && userId !== '') return client.invalidateUser(userId);
      return;
    }
    default:
      return;
  }
}

function describe(error: unknown): string {
  // our own messages never hold the secret, the body or a signature; anything else is named only
  return SessiongateError.is(error) || error instanceof TypeError ? error.message : `${(error as Error)?.name ?? 'a non-error'} was thrown`;
}

/** Every failure of the app's own handler is reported (not once): it is the app's bug to see. */
function reportOnEventFailure(logger: WebhookHandlerOptions['logger'], error: unknown): void {
  if (!logger) return;
  try {
    logger.error(`${__PKG_NAME__}: the webhook's onEvent threw; answered 500 so that the sender retries`, error);
  } catch {
    // a broken logger must not decide the answer
  }
}
