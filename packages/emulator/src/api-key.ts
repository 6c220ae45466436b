import { createHash, timingSafeEqual } from 'node:crypto';
import { EmulatorError } from './errors.js';

const PRODUCTION_KEY = /^(?:[a-z]{1,8}_)?live_/i;
const KEY_ALPHABET = /^[\x21-\x7e]{8,512}$/;

/** Throws when a key looks like a production one (`sk_live_…`, `live_…`) or is not a plausible key. */
export function assertSafeApiKey(key: string): void {
  if (PRODUCTION_KEY.test(key)) {
    throw new EmulatorError('ERR_PRODUCTION_KEY', 'refusing an API key that looks like a production key (sk_live_…/live_…); use a test key');
  }
  if (!KEY_ALPHABET.test(key)) {
    throw new EmulatorError('ERR_INVALID_OPTION', 'apiKey must be 8..512 printable ASCII characters without spaces');
  }
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** A constant-time comparison against the key (equal-length SHA-256 digests, timingSafeEqual). */
export function apiKeyChecker(key: string): (presented: string) => boolean {
  const expected = digest(key);
  return (presented) => timingSafeEqual(expected, digest(presented));
}

/** The bearer credential of an Authorization header, or undefined. */
export function bearer(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return m?.[1];
}
