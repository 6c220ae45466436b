export { startEmulator } from './start-emulator.js';
export { EmulatorError, type EmulatorErrorCode, type ClerkErrorJSON } from './errors.js';
export type {
  Emulator,
  EmulatorOptions,
  EmulatorState,
  Fault,
  FaultOptions,
  RequestLogEntry,
  SeedUser,
  SessionStatus,
  SignInResult,
  MintSessionTokenOptions,
  User,
  StoredUser,
  StoredClient,
  StoredSession,
  StoredEmail,
  EmulatorWebhooks,
} from './types.js';
export type { EmulatorOrganizations, Membership, Organization, SessionExtras, SignInExtras } from './organizations/emulator-organizations.js';
export type { WebhookAttempt, WebhookDelivery, WebhookDeliveryOptions, WebhookEndpoint, WebhookEventPayload } from './webhooks/webhook-dispatcher.js';
