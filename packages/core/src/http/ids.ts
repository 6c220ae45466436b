import { sgError } from '../errors.js';

/** The allow-list of session ids (CONTRACT.md). */
export const SESSION_ID_PATTERN = /^sess_[A-Za-z0-9_]{1,128}$/;
const CLIENT_ID_PATTERN = /^client_[A-Za-z0-9_]{1,128}$/;
const USER_ID_PATTERN = /^user_[A-Za-z0-9_]{1,128}$/;
const TOKEN_PATTERN = /^[A-Za-z0-9._~+/=-]{1,8192}$/;

const patterns = {
  sessionId: [SESSION_ID_PATTERN, 'sess_'],
  clientId: [CLIENT_ID_PATTERN, 'client_'],
  userId: [USER_ID_PATTERN, 'user_'],
} as const;

/**
 * Throws `ERR_INVALID_ARGUMENT` unless `value` is an id of the given kind. The value is
 * never echoed: a swapped argument could be a token.
 */
export function assertId(kind: keyof typeof patterns, value: unknown, method: string): asserts value is string {
  const [pattern, prefix] = patterns[kind];
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw sgError('ERR_INVALID_ARGUMENT', `${method}: ${kind} must be "${prefix}" followed by 1..128 letters, digits or underscores`);
  }
}

/** Throws `ERR_INVALID_ARGUMENT` unless `value` is a plausible client token (never echoed). */
export function assertToken(value: unknown, method: string): asserts value is string {
  if (typeof value !== 'string' || !TOKEN_PATTERN.test(value)) {
    throw sgError('ERR_INVALID_ARGUMENT', `${method}: token must be a non-empty string of at most 8192 URL-safe/base64 characters`);
  }
}
