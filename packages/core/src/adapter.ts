// @sessiongate/core/adapter: the seam for adapter authors, not for apps. An adapter describes its
// framework's idiom once (where { method, url, headers } come from, where the session is mirrored,
// how it goes on, answers a failure, reports an error) and guards each request with guardRequest():
// decided once per request (decideAuthState), then the require check's verdict (applyRequireCheck).
export { createAuthenticator, createDecider, type AuthenticatorOptions, type Decide } from './authenticator.js';
export { requireFailure, type AuthState, type RequireFailure, type SignedInState } from './auth-state.js';
export { localsSlot, propertySlot, readAuthState, setAuthState, weakMapSlot, type AuthStateSlot } from './adapter/auth-state-slot.js';
export { decideAuthState, sessionOf } from './adapter/decide-auth-state.js';
export { createRequireCheck, type Authorize, type RequireCheck, type RequireOptions } from './authorization/authorize.js';
export { restoreSignedInState } from './authorization/signed-in-state.js';
export { noAuthStateError } from './adapter/no-auth-state-error.js';
export { expectAuthState } from './adapter/expect-auth-state.js';
export {
  applyRequireCheck,
  guardRequest,
  optionalCheck,
  type AdapterIdiom,
  type VerdictAnswers,
} from './adapter/guard-request.js';
export { prefixError } from './adapter/prefix-error.js';
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
