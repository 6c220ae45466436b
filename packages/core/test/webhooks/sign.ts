import { createHmac, randomBytes } from 'node:crypto';

// Signing by hand with node:crypto (not with the library that verifies), so that the tests pin
// the scheme itself: HMAC-SHA256 over `${id}.${timestamp}.${body}` with the base64 key of whsec_….

export const newSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

export function signature(secret: string, id: string, timestamp: string | number, body: string | Uint8Array): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(typeof body === 'string' ? Buffer.from(body) : body);
  return `v1,${mac.digest('base64')}`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export function signedHeaders(
  secret: string,
  body: string | Uint8Array,
  { id = 'msg_2abc', timestamp = nowSeconds(), family = 'svix' }: { id?: string; timestamp?: number; family?: 'svix' | 'webhook' } = {},
): Record<string, string> {
  return {
    [`${family}-id`]: id,
    [`${family}-timestamp`]: String(timestamp),
    [`${family}-signature`]: signature(secret, id, timestamp, body),
  };
}
