import { sgError } from '../errors.js';
import { SESSION_ID_PATTERN } from '../request/session-id.js';
import { isWellFormedToken, MAX_TOKEN_LENGTH } from '../request/token.js';

const CLIENT_ID_PATTERN = /^client_[A-Za-z0-9_]{1,128}$/;
const USER_ID_PATTERN = /^user_[A-Za-z0-9_]{1,128}$/;

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
  if (typeof value !== 'string' || !isWellFormedToken(value)) {
    throw sgError('ERR_INVALID_ARGUMENT', `${method}: token must be a non-empty string of at most ${MAX_TOKEN_LENGTH} URL-safe/base64 characters`);
  }
}
