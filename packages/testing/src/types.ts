import type { Emulator, Fault, FaultOptions, SeedUser, User } from '@sessiongate/emulator';

export type { Emulator, Fault, FaultOptions, SeedUser, User };

/**
 * How the app under test verifies a request, and so what `__session` holds:
 * - `backend`: the client token; every request is verified by a Backend API call (2021 flow).
 * - `networkless`: a short-lived RS256 session JWT, verified locally (`CLERK_JWT_KEY`).
 */
export type Strategy = 'backend' | 'networkless';

/** Options of the emulator `createTestAuth` starts (ignored when attaching). */
export interface TestEmulatorOptions {
  /** Session lifetime from sign-in. Emulator default: 7 days. */
  sessionLifetimeMs?: number;
  /** Inactivity after which a session is abandoned. Emulator default: 1 day. */
  inactivityTimeoutMs?: number;
  /** Lifetime of session JWTs. Emulator default: 60 s. */
  sessionTokenLifetimeMs?: number;
  /** Browser origins allowed to call the control plane (a page that signs in by itself). */
  corsOrigins?: string[];
}

export interface TestAuthOptions {
  /** What `signIn()` returns by default and whether `env` holds `CLERK_JWT_KEY`. Default `backend`. */
  strategy?: Strategy;
  /** Users to create at start (ids and emails must be new). */
  users?: SeedUser[];
  /**
   * Attach to a running emulator instead of starting one (for example one the app under test
   * started itself). `close()` then leaves it running.
   */
  url?: string;
  /** The attached emulator's API key (required with `url`). */
  apiKey?: string;
  /** The started emulator's options. */
  emulator?: TestEmulatorOptions;
  /**
   * The app's clock, used for the `iat`/`exp` of minted session JWTs (the app checks them
   * against its own clock, not the emulator's). Default `Date.now`.
   */
  appNow?: () => number;
}

/** The environment an app reads: assign it to `process.env` before the app's first request. */
export interface TestAuthEnv {
  CLERK_API_KEY: string;
  CLERK_API_URL: string;
  /** Present with the networkless strategy: the PEM public key of the emulator's current signing key. */
  CLERK_JWT_KEY?: string;
}

/** The options an adapter or `createClerkClient()` takes, for apps configured in code. */
export interface TestClerkOptions {
  apiKey: string;
  apiUrl: string;
  jwtKey?: string;
}

/** Who to sign in: a user id (`user_…`), an email, or a user object from `createUser()`. */
export type UserRef = string | { id: string };

export interface SignInOptions {
  /** `backend` (the client token) or `networkless` (a session JWT). Default: the TestAuth's strategy. */
  strategy?: Strategy;
  /** Sign in on the same client as this one (a second session of one browser: multi-session). */
  client?: SignedIn;
  /** `azp` claim of the session JWT (networkless). */
  authorizedParty?: string;
  /**
   * The session's active organization (id or slug; the user must be a member). With an emulator
   * that has no organizations, `ERR_NOT_SUPPORTED`.
   */
  organization?: string;
  /**
   * Sign in as a pending session (a task left, such as choosing an organization): the session
   * token's `sts` is `pending`. With an emulator that has no pending sessions, `ERR_NOT_SUPPORTED`.
   */
  pending?: boolean;
}

/** A signed-in session, and everything a request needs to carry it. */
export interface SignedIn {
  readonly strategy: Strategy;
  readonly userId: string;
  readonly sessionId: string;
  readonly clientId: string;
  /** The browser's client token (in backend mode it is also `token`). */
  readonly clientToken: string;
  /** What `__session` holds: the client token (backend) or a session JWT (networkless). */
  readonly token: string;
  /** `__session=<token>`: a `Cookie` header value. */
  readonly cookie: string;
  /** `{ cookie }`: for `fastify.inject({ headers })`, Hono's `app.request(path, { headers })`, `fetch`. */
  readonly headers: { cookie: string };
  /** `{ authorization: 'Bearer <token>' }`: the same credential as a bearer header. */
  readonly bearerHeaders: { authorization: string };
  /** `url` with `_clerk_session_id=<sessionId>` (kept: the rest of the query and the hash). */
  withSessionId(url: string): string;
  /** A `Request` carrying the cookie (for Next route handlers and other fetch-style handlers). */
  request(url: string | URL, init?: RequestInit): Request;
  /**
   * A fresh session JWT for this session (networkless; backend: this same value, once the
   * session is checked to be active). Rejects
   * with `ERR_SESSION_INACTIVE` once the session was signed out, revoked or expired.
   */
  refresh(): Promise<SignedIn>;
}

/** The emulator's movable clock. Moving it ends sessions by time (expiry, inactivity). */
export interface TestClock {
  /** Emulator time (ms). */
  now(): Promise<number>;
  /** Moves emulator time forward; resolves to the new time. */
  advance(ms: number): Promise<number>;
}

/** Undoes a scenario (removes the faults it added). */
export type Restore = () => Promise<void>;

export interface OutageOptions {
  /** `error` (default): the Backend API answers 503; `reset`: connections are reset. */
  kind?: 'error' | 'reset';
  /** Only the next `times` backend requests fail. Default: all, until restored. */
  times?: number;
}

export interface TestAuth {
  readonly apiKey: string;
  /** The emulator's URL (`CLERK_API_URL`). */
  readonly apiUrl: string;
  readonly strategy: Strategy;
  /** `CLERK_API_KEY`, `CLERK_API_URL` (and `CLERK_JWT_KEY` for networkless), current after `rotateKeys()`. */
  readonly env: TestAuthEnv;
  /** `env` for a given strategy. */
  envFor(strategy: Strategy): TestAuthEnv;
  /** `{ apiKey, apiUrl, jwtKey? }` for an adapter or `createClerkClient()`. */
  clerkOptions(strategy?: Strategy): TestClerkOptions;
  /**
   * The emulator this TestAuth started, for what the helpers do not cover (its request log,
   * `backendCalls()`); `undefined` when attached to one over HTTP.
   */
  readonly emulator: Emulator | undefined;
  readonly closed: boolean;

  /** Creates a user. Every field is optional; ids must match `user_…`. */
  createUser(user?: SeedUser): Promise<User>;
  /** Signs a user in and returns what a request needs. */
  signIn(user: UserRef, options?: SignInOptions): Promise<SignedIn>;
  /** Signs a session out (status `ended`). */
  signOut(session: SignedIn | string): Promise<void>;
  /** Revokes a session (status `revoked`). Backend: the next request is signed out; networkless: once its JWT expires (refresh() fails at once). */
  revoke(session: SignedIn | string): Promise<void>;
  /** Makes a session its client's last active one (what a request without `_clerk_session_id` gets). */
  setActive(session: SignedIn): Promise<void>;

  /** Injects a fault into Backend API routes (`'*'` or `'METHOD /v1/path'`), as `emu.fault()`. */
  fault(route: string, fault: Fault, options?: FaultOptions): Promise<Restore>;
  /** Removes every fault. */
  clearFaults(): Promise<void>;
  /** Scenario: the Backend API is down (503, or reset connections). The app should answer 503. */
  outage(options?: OutageOptions): Promise<Restore>;
  /** Scenario: the Backend API answers 429 with `Retry-After: retryAfter` (seconds, default 30). */
  rateLimit(retryAfter?: number, options?: { times?: number }): Promise<Restore>;
  /**
   * Scenario: the session expires now. Moves the emulator clock past its end; resolves to what
   * the browser then holds (backend: the same cookie, whose session is over; networkless: its
   * last session JWT, past its `exp`, as no new one can be minted).
   */
  expire(session: SignedIn): Promise<SignedIn>;
  /** The emulator's clock. */
  readonly clock: TestClock;
  /**
   * Scenario: the signing key rotates (networkless). New tokens carry the new `kid`; the old key
   * stays in the JWKS for `overlapMs`. `env.CLERK_JWT_KEY` becomes the new key.
   */
  rotateKeys(options?: { overlapMs?: number }): Promise<{ kid: string; jwtKey: string }>;

  /** Stops the emulator this TestAuth started (an attached one keeps running). Idempotent. */
  close(): Promise<void>;
}
