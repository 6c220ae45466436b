// The public API for apps. The plumbing adapters build on (the decider, the state slot, the
// decide-and-store helper) lives in './adapter.ts' (@sessiongate/core/adapter).
export * from './auth-state.js';
export { Clerk, createClerkClient } from './clerk.js';
export { has } from './authorization/signed-in-state.js';
export type { HasFunction, HasParams, ReverificationLevel, ReverificationPreset } from './authorization/has.js';
export type { Authorize, RequireOptions } from './authorization/authorize.js';
export type { SessionClaims } from './authorization/session-claims.js';
export { clients, sessions, users, authenticateRequest } from './defaults.js';
export type { AuthenticatorOptions } from './authenticator.js';
export { SessiongateError, ClerkAPIError, type SessiongateErrorCode, type ClerkAPIErrorEntry } from './errors.js';
export type { ClerkOptions } from './options.js';
export type { JwtClerkOptions } from './jwt/jwt-options.js';
export type { Transport, TransportRequest, TransportResponse } from './http/transport.js';
export { createFetchTransport } from './http/fetch-transport.js';
export { createUndiciTransport, type UndiciTransportOptions } from './http/undici-transport.js';
export type { AuthenticateRequestInput, HeaderBag } from './request/input.js';
export { createLruCacheStore, type CacheEntry, type LruCacheStoreOptions, type VerificationCacheStore } from './cache/index.js';
export type { Session, SessionStatus } from './domain/session.js';
export type { Client } from './domain/client.js';
export type { User, EmailAddress } from './domain/user.js';
export type { ClientsApi } from './resources/clients-api.js';
export type { SessionsApi, SessionListParams } from './resources/sessions-api.js';
export type { UsersApi, UserListParams } from './resources/users-api.js';
export { invalidateSession, invalidateUser } from './defaults.js';
export { verifyWebhook, type VerifyWebhookOptions, type WebhookRequestInput } from './webhooks/index.js';
export type {
  WebhookEvent,
  WebhookEventType,
  UserWebhookEvent,
  SessionWebhookEvent,
  OrganizationWebhookEvent,
  OrganizationMembershipWebhookEvent,
  UnknownWebhookEvent,
  UserEventData,
  SessionEventData,
  DeletedObjectEventData,
  OrganizationEventData,
  OrganizationMembershipEventData,
  WebhookHandlerOptions,
  WebhookEventMeta,
} from './webhooks/index.js';
