// Signed webhooks for the adapters' tests, signed by hand with node:crypto (not by the library
// that verifies them): HMAC-SHA256 over `${id}.${timestamp}.${body}` with the key of whsec_….
import { createHmac, randomBytes } from 'node:crypto';
import { expect, vi, type Mock } from 'vitest';

export const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

export function webhookSignature(secret: string, id: string, timestamp: string | number, body: string | Uint8Array): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64')}`;
}

let counter = 0;

/** Headers and body of a signed webhook, as the hosted service sends it (svix-* by default). */
export function signedWebhook(
  secret: string,
  event: { type: string; data: unknown },
  family: 'svix' | 'webhook' = 'svix',
): { headers: Record<string, string>; body: string } {
  // spaced as a sender may write it: a re-serialized body would not match
  const body = JSON.stringify({ ...event, object: 'event', timestamp: Date.now(), instance_id: 'ins_test' }, null, 1);
  const id = `msg_test${++counter}`;
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      [`${family}-id`]: id,
      [`${family}-timestamp`]: String(timestamp),
      [`${family}-signature`]: webhookSignature(secret, id, timestamp, body),
    },
  };
}

/** A client that records the invalidations a webhook route asks for. */
export function recordingClient() {
  const calls: string[] = [];
  return {
    calls,
    client: {
      invalidateSession: async (id: string) => void calls.push(`session:${id}`),
      invalidateUser: async (id: string) => void calls.push(`user:${id}`),
    },
  };
}

export const revokedEvent = (sessionId = 'sess_1', userId = 'user_1') => ({
  type: 'session.revoked',
  data: { id: sessionId, object: 'session', user_id: userId, client_id: 'client_1', status: 'revoked' },
});

/**
 * The options of a webhook route for {@link expectWebhookFailures}: `onEvent` rejects, `logger`
 * records, bodies are capped at 4096 bytes.
 */
export interface FailingWebhookOptions {
  signingSecret: string;
  client: ReturnType<typeof recordingClient>['client'];
  onEvent: Mock<() => Promise<void>>;
  logger: { warn: Mock<(message: string) => void>; error: Mock<(message: string) => void> };
  maxBodyBytes: number;
}

export function failingWebhookOptions(secret: string): FailingWebhookOptions {
  return {
    signingSecret: secret,
    client: recordingClient().client,
    onEvent: vi.fn((): Promise<void> => Promise.reject(new Error('db down'))),
    logger: { warn: vi.fn(), error: vi.fn() },
    maxBodyBytes: 4096,
  };
}

/**
 * What every adapter's webhook route answers when something goes wrong, posted through `post`:
 * a bad signature is 400 with no body (onEvent never called), onEvent failing is 500 (logged
 * once), a body over maxBodyBytes is 413.
 */
export async function expectWebhookFailures(
  post: (init: { headers: Record<string, string>; body: string }) => Promise<Response>,
  options: FailingWebhookOptions,
): Promise<void> {
  const secret = options.signingSecret;
  const tampered = signedWebhook(secret, revokedEvent());
  const bad = await post({ ...tampered, body: tampered.body.replace('sess_1', 'sess_2') });
  expect(bad.status).toBe(400);
  expect(await bad.text()).toBe('');
  expect(options.onEvent).not.toHaveBeenCalled();
  expect((await post(signedWebhook(secret, revokedEvent()))).status).toBe(500);
  expect(options.onEvent).toHaveBeenCalledTimes(1);
  expect(options.logger.error).toHaveBeenCalledTimes(1);
  expect((await post(signedWebhook(secret, { type: 'user.updated', data: { id: 'user_1', bio: 'x'.repeat(8192) } }))).status).toBe(413);
}
