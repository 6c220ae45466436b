import { decodeBase64url, decodeBase64urlText, encodeBase64url, restoreSignedInState, type AuthState, type HeaderBag, type SignedInState } from '@sessiongate/core/adapter';
import { decisionPolicy } from '../lib/decision-policy.js';
import { headerText } from '../lib/header-text.js';

/** The request header that carries the proxy's signed decision to route handlers. */
export const FORWARDED_AUTH_HEADER = 'x-sessiongate-auth';
/** Every request header with this prefix is removed from client requests by the proxy. */
export const FORWARDED_HEADER_PREFIX = 'x-sessiongate-';
/** How long a forwarded decision stays valid, in seconds. */
export const FORWARDED_MAX_AGE_SECONDS = 60;

const VERSION = 'v1';
const DEFAULT_POLICY = decisionPolicy(undefined);
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

/**
 * What a forwarded decision is bound to: the credentials, the session-id query and the method
 * of one request (a missing method is a GET), and the decision policy of whoever decided it
 * (see `decisionPolicy`; default the env-bound client's).
 */
export interface RequestBinding {
  headers: HeaderBag;
  url: string;
  method?: string;
  policy?: string;
}

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    if (keys.size > 16) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

// The signature covers the request's `cookie` and `authorization` headers, every
// `_clerk_session_id*` query entry and the method, so a forwarded value replayed onto another
// user's request, another session id or another method (a GET's decision on a POST) does not
// verify; and the deciding policy, so a route whose token rules differ decides by itself.
// They are signed, never transmitted.
function bindingString({ headers, url, method, policy }: RequestBinding): string {
  let entries: [string, string][] = [];
  try {
    entries = [...new URL(url, 'http://localhost').searchParams].filter(([k]) => k.startsWith('_clerk_session_id'));
  } catch {
    entries = [['', url]];
  }
  return JSON.stringify([
    headerText(headers, 'cookie') ?? null,
    headerText(headers, 'authorization') ?? null,
    entries,
    typeof method === 'string' ? method.toUpperCase() : 'GET',
    policy ?? DEFAULT_POLICY,
  ]);
}

async function signature(secret: string, signedPart: string, binding: RequestBinding): Promise<ArrayBuffer> {
  return crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(`${signedPart}.${bindingString(binding)}`));
}

/** Serialises and signs `state` for the request described by `binding`. */
export async function signForwardedState(
  state: AuthState,
  binding: RequestBinding,
  secret: string,
  nowMs = Date.now(),
): Promise<string> {
  const payload = encodeBase64url(JSON.stringify({ exp: Math.floor(nowMs / 1000) + FORWARDED_MAX_AGE_SECONDS, s: state }));
  const signedPart = `${VERSION}.${payload}`;
  const sig = encodeBase64url(new Uint8Array(await signature(secret, signedPart, binding)));
  return `${signedPart}.${sig}`;
}

/**
 * The state a proxy forwarded with this request, or `undefined` when there is none or it
 * does not verify (wrong signature, other credentials, expired, malformed). Never throws.
 */
export async function verifyForwardedState(
  value: string | undefined,
  binding: RequestBinding,
  secret: string,
  nowMs = Date.now(),
): Promise<AuthState | undefined> {
  if (!value || value.length > 16_384) return undefined;
  const parts = value.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return undefined;
  const [, payload = '', sig = ''] = parts;
  const sigBytes = decodeBase64url(sig);
  if (!sigBytes || sigBytes.length !== 32) return undefined;
  const ok = await crypto.subtle.verify(
    'HMAC',
    await hmacKey(secret),
    sigBytes as Uint8Array<ArrayBuffer>,
    encoder.encode(`${VERSION}.${payload}.${bindingString(binding)}`),
  );
  if (!ok) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(decodeBase64urlText(payload) ?? 'null');
  } catch {
    return undefined;
  }
  if (typeof decoded !== 'object' || decoded === null) return undefined;
  const { exp, s } = decoded as { exp?: unknown; s?: unknown };
  if (typeof exp !== 'number' || exp * 1000 < nowMs) return undefined;
  if (!isForwardableState(s)) return undefined;
  // JSON dropped has(): decoded again from the forwarded claims (undefined when they no longer decode)
  return s.status === 'signed-in' ? restoreSignedInState(s as SignedInState) : s;
}

function isForwardableState(value: unknown): value is AuthState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Record<string, unknown>;
  if (state.status === 'signed-in') {
    const session = state.session as Record<string, unknown> | null | undefined;
    return (
      typeof state.sessionId === 'string' &&
      typeof state.userId === 'string' &&
      typeof session === 'object' &&
      session !== null &&
      session.id === state.sessionId &&
      session.userId === state.userId
    );
  }
  return (state.status === 'signed-out' || state.status === 'unavailable') && typeof state.reason === 'string';
}
