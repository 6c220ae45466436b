import { randomBytes, randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[randomInt(62)];
  return out;
}

/** `prefix_` + 27 base62 characters (about 160 bits), e.g. `sess_2Xb…`. */
export function newId(prefix: 'user' | 'client' | 'sess' | 'idn'): string {
  return `${prefix}_${base62(27)}`;
}

/** An opaque client token: 32 random bytes, base64url (256 bits). */
export function newClientToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A generated API key for the emulator: `test_` + 40 base62 characters. */
export function newApiKey(): string {
  return `test_${base62(40)}`;
}

/** Ids the emulator accepts for seeded users. */
export const USER_ID_PATTERN = /^user_[A-Za-z0-9_]{1,128}$/;
