import type { AuthState } from '../auth-state.js';
import { signedOut, unavailable } from '../signed-out.js';

/**
 * What a failed verification means: a state (with a note of what to log), or an error that
 * must propagate because the client itself is misconfigured.
 */
export type BackendErrorDecision =
  | { kind: 'state'; state: AuthState; log?: 'misconfigured' | 'unexpected'; detail?: string }
  | { kind: 'rethrow'; error: unknown };

/**
 * Error codes (lower-cased) of a 401/403 that say the Backend API rejected OUR API key, not the
 * user's token. Besides this list, any code containing `key`, `authorization_header` or
 * `authentication` counts, and so does a 401/403 with no error code at all (a proxy or an old
 * backend: we cannot blame the token, and a misconfiguration must be loud, not a silent 401).
 */
export const OWN_KEY_ERROR_CODES: ReadonlySet<string> = new Set([
  'authentication_invalid',
  'authorization_invalid',
  'authorization_missing',
  'clerk_key_invalid',
  'api_key_invalid',
  'secret_key_invalid',
  'invalid_api_key',
  'unauthorized',
  'unauthenticated',
]);
const OWN_KEY_FRAGMENTS = ['key', 'authorization_header', 'authentication'];

/** Fragments of a 400/422 error code that name a non-active session status. */
export const INACTIVE_CODE_FRAGMENTS: readonly string[] = [
  'revoked', 'ended', 'expired', 'abandoned', 'removed', 'replaced', 'inactive', 'not_active',
];

/** Error codes of a misconfiguration: thrown, never turned into a state, by either strategy. */
export const MISCONFIGURATION_CODES: ReadonlySet<string> = new Set(['ERR_MISSING_API_KEY', 'ERR_INVALID_OPTION']);

/**
 * Maps anything a backend call threw to a decision (pure; reads errors structurally so an error
 * from another copy of the package maps the same way):
 *
 * | error | state |
 * |---|---|
 * | `ERR_MISSING_API_KEY`, `ERR_INVALID_OPTION` | rethrown |
 * | status 400/422, code names an inactive status | signed-out `session-inactive` |
 * | status 400/422 otherwise | signed-out `token-invalid` |
 * | status 404 | signed-out `session-not-found` |
 * | status 401/403, code about our key (or no code) | unavailable `misconfigured` (logged once) |
 * | status 401/403 otherwise | signed-out `token-invalid` |
 * | status 429 | unavailable `backend-rate-limited` (+ `retryAfter`) |
 * | status 410, 5xx, any other | unavailable `backend-error` (+ `retryAfter` when sent) |
 * | `ERR_BACKEND_TIMEOUT` | unavailable `backend-timeout` |
 * | `ERR_BACKEND_UNREACHABLE` | unavailable `backend-unreachable` |
 * | `ERR_BACKEND_RESPONSE_INVALID` | unavailable `backend-response-invalid` |
 * | anything else (a bug, `ERR_INVALID_ARGUMENT`) | unavailable `backend-error` (logged once) |
 */
export function mapBackendError(error: unknown): BackendErrorDecision {
  const code = readString(error, 'code');
  if (code !== undefined && MISCONFIGURATION_CODES.has(code)) return { kind: 'rethrow', error };
  switch (code) {
    case 'ERR_BACKEND_STATUS':
      return mapStatus(error as { status?: unknown; errors?: unknown; retryAfter?: unknown });
    case 'ERR_BACKEND_TIMEOUT':
      return { kind: 'state', state: unavailable('backend-timeout') };
    case 'ERR_BACKEND_UNREACHABLE':
      return { kind: 'state', state: unavailable('backend-unreachable') };
    case 'ERR_BACKEND_RESPONSE_INVALID':
      return { kind: 'state', state: unavailable('backend-response-invalid') };
    default:
      return { kind: 'state', state: unavailable('backend-error'), log: 'unexpected', detail: describe(error, code) };
  }
}

function mapStatus(error: { status?: unknown; errors?: unknown; retryAfter?: unknown }): BackendErrorDecision {
  const status = typeof error.status === 'number' ? error.status : 0;
  const codes = errorCodes(error.errors);
  const retryAfter = typeof error.retryAfter === 'number' && Number.isFinite(error.retryAfter) && error.retryAfter >= 0
    ? error.retryAfter
    : undefined;
  switch (status) {
    case 400:
    case 422:
      return {
        kind: 'state',
        state: signedOut(codes.some((c) => INACTIVE_CODE_FRAGMENTS.some((f) => c.includes(f))) ? 'session-inactive' : 'token-invalid'),
      };
    case 404:
      return { kind: 'state', state: signedOut('session-not-found') };
    case 401:
    case 403:
      if (codes.length === 0 || codes.some(isOwnKeyCode)) {
        return {
          kind: 'state',
          state: unavailable('misconfigured'),
          log: 'misconfigured',
          detail: `HTTP ${status}${codes.length ? `, code ${codes.join(', ')}` : ', no error code'}`,
        };
      }
      return { kind: 'state', state: signedOut('token-invalid') };
    case 429:
      return { kind: 'state', state: unavailable('backend-rate-limited', retryAfter) };
    default:
      return { kind: 'state', state: unavailable('backend-error', retryAfter) };
  }
}

function isOwnKeyCode(code: string): boolean {
  return OWN_KEY_ERROR_CODES.has(code) || OWN_KEY_FRAGMENTS.some((f) => code.includes(f));
}

/** The backend's error codes, lower-cased and reduced to `[a-z0-9_]` (they end up in a log line). */
function errorCodes(errors: unknown): string[] {
  if (!Array.isArray(errors)) return [];
  const codes: string[] = [];
  for (const entry of errors.slice(0, 10)) {
    const code = readString(entry, 'code');
    if (code === undefined) continue;
    const clean = code.toLowerCase().replace(/[^a-z0-9_]/g, '').slice(0, 64);
    if (clean !== '') codes.push(clean);
  }
  return codes;
}

/** Names an unexpected error without its message (which could quote a token). */
function describe(error: unknown, code: string | undefined): string {
  const name = readString(error, 'name') ?? typeof error;
  const clean = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 64);
  return code === undefined ? clean(name) : `${clean(name)} ${clean(code)}`;
}

function readString(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    const v = (value as Record<string, unknown>)[key];
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
