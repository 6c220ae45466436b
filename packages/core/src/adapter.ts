// @sessiongate/core/adapter: the seam for adapter authors, not for apps. An adapter turns its
// request into { method, url, headers }, decides once per request with decideAuthState(), mirrors
// sessionOf(state) where its framework expects a session, and answers requireFailure(state).
export { createAuthenticator, createDecider, type AuthenticatorOptions, type Decide } from './authenticator.js';
export { requireFailure, type AuthState, type RequireFailure, type SignedInState } from './auth-state.js';
export { readAuthState, setAuthState } from './adapter/auth-state-slot.js';
export { decideAuthState, sessionOf } from './adapter/decide-auth-state.js';
export { createRequireCheck, type Authorize, type RequireCheck, type RequireOptions } from './authorization/authorize.js';
export { restoreSignedInState } from './authorization/signed-in-state.js';
export { noAuthStateError } from './adapter/no-auth-state-error.js';
export { readHeader } from './request/read-header.js';
export { decodeBase64url, decodeBase64urlText, encodeBase64url } from './lib/base64url.js';
export type { AuthenticateRequestInput, HeaderBag } from './request/input.js';
export type { Session } from './domain/session.js';
export {
  createWebhookHandler,
  readNodeRequestBody,
  DEFAULT_WEBHOOK_MAX_BODY_BYTES,
  type NodeReadableBody,
  type WebhookHandlerOptions,
  type WebhookOutcome,
  type WebhookRequestInput,
} from './webhooks/index.js';
