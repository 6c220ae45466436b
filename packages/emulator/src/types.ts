import type { WebhookDelivery, WebhookDeliveryOptions, WebhookEndpoint } from './webhooks/webhook-dispatcher.js';
import type { EmulatorOrganizations } from './organizations/emulator-organizations.js';
import type { SignInExtras } from './organizations/organizations.js';
/** A user to create or seed. Every field is optional; a missing id is generated. */
export interface SeedUser {
  id?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
}

/** A user as the programmatic API returns it (camelCase). */
export interface User {
  id: string;
  firstName: string | null;
  lastName: string | null;
  emailAddresses: { id: string; emailAddress: string }[];
  primaryEmailAddressId: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Every status a session can have (the spec's enum). */
export type SessionStatus = 'active' | 'revoked' | 'ended' | 'expired' | 'removed' | 'abandoned' | 'replaced';

export interface SignInResult {
  clientToken: string;
  clientId: string;
  sessionId: string;
  userId: string;
  /** A short-lived RS256 session token (JWT) for the new session, as the hosted frontend sets in `__session`. */
  sessionToken: string;
}

/** What `mintSessionToken` signs. Overrides exist to build hostile tokens in tests. */
export interface MintSessionTokenOptions {
  /** An active session (an inactive one is refused with `ERR_SESSION_INACTIVE`). */
  sessionId: string;
  /** The origin the token is minted for (`azp` claim); absent when not given. */
  azp?: string;
  /** Lifetime (exp - iat). Default: the `sessionTokenLifetimeMs` option (60 s). */
  lifetimeMs?: number;
  /** `iat`/`nbf` as emulator-clock ms. Default: now. */
  issuedAt?: number;
  /** Claims merged over the defaults (e.g. a wrong `iss`). */
  claims?: Record<string, unknown>;
  /** Header `kid` override; `null` omits it. */
  kid?: string | null;
  /** Claims version: 2 (default: the session's, set at sign-in) or 1 (`org_*`, deprecated by the hosted service). */
  version?: 1 | 2;
}

/** One entry of the request log. Never holds a key, a token, a header or a body. */
export interface RequestLogEntry {
  method: string;
  /** The path without its query; a segment equal to a known token or the key is redacted. */
  path: string;
  /** The matched route pattern, e.g. `/v1/sessions/:id/verify`; absent for unknown routes. */
  route?: string;
  /** Query parameters; values of secret-looking keys are redacted. */
  query: Record<string, string | string[]>;
  /** Status sent; 0 when no response was sent (reset, hang, or still in flight). */
  status: number;
  /** Emulator clock time (ms) at arrival. */
  at: number;
}

/** A misbehaviour injected into a route. */
export type Fault =
  | { type: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { type: 'raw'; status?: number; body: string; contentType?: string }
  | { type: 'latency'; ms: number }
  | { type: 'reset' }
  | { type: 'hang' }
  | { type: 'slow-body'; intervalMs?: number; body?: string }
  | { type: 'rate-limit'; retryAfter: number }
  | { type: 'gone' };

export interface FaultOptions {
  /** How many requests the fault applies to; unlimited when absent. */
  times?: number;
}

export interface StoredEmail {
  id: string;
  emailAddress: string;
  createdAt: number;
}

export interface StoredUser {
  id: string;
  firstName: string | null;
  lastName: string | null;
  emails: StoredEmail[];
  primaryEmailAddressId: string | null;
  lastSignInAt: number | null;
  lastActiveAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface StoredClient {
  id: string;
  token: string;
  sessionIds: string[];
  lastActiveSessionId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface StoredSession {
  id: string;
  clientId: string;
  userId: string;
  status: SessionStatus;
  lastActiveAt: number;
  expireAt: number;
  abandonAt: number;
  createdAt: number;
  updatedAt: number;
}

/** The whole state of an emulator, as exportState() returns it and importState() accepts it. */
export interface EmulatorState {
  version: 1;
  clockOffsetMs: number;
  users: StoredUser[];
  clients: StoredClient[];
  sessions: StoredSession[];
}

export interface EmulatorOptions {
  /** 0 (default) = any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: a generated `test_…` key. Keys that look like production ones (`sk_live_…`, `live_…`) are refused. */
  apiKey?: string;
  /** Users created at start (skipped when a user with that id or email already exists). */
  users?: SeedUser[];
  /** Log each request (method, path, status; nothing secret). Default false. */
  logger?: boolean;
  /** Persist the state to this JSON file and load it at start. */
  dataFile?: string;
  /** Origins allowed to call the control plane from a browser. */
  corsOrigins?: string[];
  /**
   * Host header values answered besides the loopback ones (`127.0.0.1:PORT`, `localhost:PORT`,
   * `[::1]:PORT`): a bare name (`emulator.internal`) on any port, or `name:port` exactly. Every
   * other Host is refused with 403 before routing (DNS rebinding defence). Default none.
   */
  allowedHosts?: string[];
  /** Session lifetime from sign-in (expire_at). Default 7 days. */
  sessionLifetimeMs?: number;
  /** Inactivity after which a session is abandoned (abandon_at = last activity + this). Default 1 day. */
  inactivityTimeoutMs?: number;
  /** Lifetime of minted session tokens (JWT `exp - iat`). Default 60 s. */
  sessionTokenLifetimeMs?: number;
  /** Webhook retries (waits between attempts), per-attempt deadline, and the wait itself (tests inject it). */
  webhookDelivery?: WebhookDeliveryOptions;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT`: give it to the SDK as apiUrl / CLERK_API_URL. */
  readonly url: string;
  readonly apiKey: string;
  createUser(u: SeedUser): Promise<User>;
  /** Changes a user's names or primary email address (`user.updated`); `null` clears a name. */
  updateUser(userId: string, fields: { firstName?: string | null; lastName?: string | null; primaryEmailAddressId?: string }): Promise<User>;
  /** Deletes a user (`user.deleted`): its active sessions become `removed` (`session.removed`), its memberships go. */
  deleteUser(userId: string): Promise<{ id: string; deleted: true }>;
  /** Today's extras: `organizationId` (active organization), `pending` (a task left), `actor` (impersonation), `secondFactor`, `tokenVersion`. */
  signIn(o: { userId?: string; email?: string; clientToken?: string } & SignInExtras): Promise<SignInResult>;
  /** Organizations, roles, features and plans, and each session's organization, task, factors and actor. */
  readonly organizations: EmulatorOrganizations;
  signOut(sessionId: string): Promise<void>;
  revokeSession(sessionId: string): Promise<void>;
  setActiveSession(clientToken: string, sessionId: string): Promise<void>;
  /** The `iss` of minted session tokens (this emulator's URL). */
  readonly issuer: string;
  /** Signs a fresh session token for an active session (refused for an inactive one). */
  mintSessionToken(o: MintSessionTokenOptions): Promise<string>;
  /** Rotates the signing key; the old one stays in `GET /v1/jwks` for `overlapMs` (default 5 min). Returns the new kid. */
  rotateKeys(o?: { overlapMs?: number }): Promise<{ kid: string }>;
  /** The JWKS that `GET /v1/jwks` serves now. */
  jwks(): { keys: Record<string, unknown>[] };
  /** SPKI PEM of the current signing key (what `CLERK_JWT_KEY` / `jwtKey` takes). */
  jwtPublicKey(): string;
  advanceClock(ms: number): void;
  /** Current emulator clock time (ms). */
  now(): number;
  fault(route: string, fault: Fault, options?: FaultOptions): void;
  clearFaults(): void;
  readonly requests: ReadonlyArray<RequestLogEntry>;
  clearRequests(): void;
  backendCalls(): number;
  exportState(): EmulatorState;
  importState(s: EmulatorState): void;
  reset(): Promise<void>;
  close(): Promise<void>;
  /** Signed webhooks, as the hosted service sends them (also at /__emulator/webhooks). */
  readonly webhooks: EmulatorWebhooks;
}

/** The emulator's webhook endpoints and delivery log. */
export interface EmulatorWebhooks {
  /** Registers an endpoint; the returned `secret` (`whsec_…`) is shown only here. `events`: the types sent (default all). */
  register(o: { url: string; events?: string[] }): WebhookEndpoint & { secret: string };
  remove(endpointId: string): boolean;
  list(): WebhookEndpoint[];
  /** Every delivery, oldest first, with its attempts. */
  readonly deliveries: ReadonlyArray<WebhookDelivery>;
  /** Sends a delivery again (same message id). */
  redeliver(deliveryId: string): WebhookDelivery | undefined;
  /** Resolves once every queued delivery is delivered or given up. */
  idle(): Promise<void>;
}
