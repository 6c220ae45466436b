export type { AuthenticateRequestInput, HeaderBag } from './input.js';
export { resolveRequest, SESSION_COOKIE } from './resolve-request.js';
export type { ResolvedRequest, ResolveOptions, VerificationTarget } from './resolve-request.js';
export { SESSION_ID_PARAM, SESSION_ID_PATTERN } from './session-id.js';
export { MAX_TOKEN_LENGTH, isWellFormedToken } from './token.js';
