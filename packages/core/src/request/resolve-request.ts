import type { SignedOutState } from '../auth-state.js';
import type { AuthenticateRequestInput, HeaderBag } from './input.js';
import { readBearer, MALFORMED_BEARER } from './read-bearer.js';
import { readCookie } from './read-cookie.js';
import { readHeader } from './read-header.js';
import { MALFORMED_SESSION_ID, readSessionId } from './session-id.js';
import { signedOut } from '../signed-out.js';
import { isWellFormedToken } from './token.js';

/** The cookie that carries the client token. */
export const SESSION_COOKIE = '__session';

/** What the backend must be asked: the client token, and the session id or `null` for last-active. */
export interface VerificationTarget {
  status: 'verify';
  token: string;
  sessionId: string | null;
}

/** Either a final signed-out decision (no backend call) or what to verify. */
export type ResolvedRequest = SignedOutState | VerificationTarget;

export interface ResolveOptions {
  /** POST/PUT/PATCH/DELETE without `_clerk_session_id` -> `session-id-required`. */
  requireSessionIdForUnsafeMethods: boolean;
}

/**
 * The pure half of `authenticateRequest`: no I/O, never throws for any input shape it is given
 * (a missing or non-string `url` or `headers` counts as absent). Rules, in order:
 *
 * 1. Token: the first `__session` cookie across every `Cookie` header; when it is absent or
 *    empty, `Authorization: Bearer <token>`. None -> `token-missing`; over 8192 characters,
 *    outside `[A-Za-z0-9._~+/=-]`, several `Authorization` headers or several words after
 *    `Bearer` -> `token-malformed`.
 * 2. Session id: see `readSessionId` -> `session-id-malformed` when unusable; a URL that is not a
 *    string counts as malformed too (we cannot tell which session was meant).
 * 3. With `requireSessionIdForUnsafeMethods`, POST/PUT/PATCH/DELETE (any case) without an id ->
 *    `session-id-required`. A missing method counts as GET.
 */
export function resolveRequest(input: AuthenticateRequestInput, options: ResolveOptions): ResolvedRequest {
  const headers = (input as { headers?: HeaderBag }).headers;

  let token: string | undefined;
  const cookie = readHeader(headers, 'cookie');
  if (typeof cookie === 'string') {
    token = readCookie(cookie, SESSION_COOKIE);
  } else if (cookie !== undefined) {
    for (const value of cookie) {
      token = readCookie(value, SESSION_COOKIE);
      if (token !== undefined) break;
    }
  }
  if (token === undefined || token === '') {
    const bearer = readBearer(readHeader(headers, 'authorization'));
    if (bearer === MALFORMED_BEARER) return signedOut('token-malformed');
    token = bearer;
  }
  if (token === undefined || token === '') return signedOut('token-missing');
  if (!isWellFormedToken(token)) return signedOut('token-malformed');

  const url = (input as { url?: unknown }).url;
  if (typeof url !== 'string') return signedOut('session-id-malformed');
  const sessionId = readSessionId(url);
  if (sessionId === MALFORMED_SESSION_ID) return signedOut('session-id-malformed');

  if (sessionId === null && options.requireSessionIdForUnsafeMethods) {
    const method = (input as { method?: unknown }).method;
    if (typeof method === 'string' && isUnsafeMethod(method)) return signedOut('session-id-required');
  }
  return { status: 'verify', token, sessionId };
}

function isUnsafeMethod(method: string): boolean {
  switch (method) {
    case 'POST':
    case 'PUT':
    case 'PATCH':
    case 'DELETE':
      return true;
    case 'GET':
    case 'HEAD':
    case 'OPTIONS':
      return false;
    default: {
      const upper = method.toUpperCase();
      return upper === 'POST' || upper === 'PUT' || upper === 'PATCH' || upper === 'DELETE';
    }
  }
}
