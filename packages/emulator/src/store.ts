import { EmulatorError } from './errors.js';
import { newClientToken, newId, USER_ID_PATTERN } from './ids.js';
import { Organizations, type StoredMembership, type StoredOrganization } from './organizations/organizations.js';
import type {
  EmulatorState,
  SeedUser,
  SessionStatus,
  SignInResult,
  StoredClient,
  StoredSession,
  StoredUser,
} from './types.js';

/** A change the hosted service reports by webhook. */
export type StoreEvent =
  | { type: 'user.created' | 'user.updated' | 'user.deleted'; user: StoredUser }
  | { type: 'session.created' | 'session.ended' | 'session.revoked' | 'session.removed'; session: StoredSession }
  | { type: 'organization.created' | 'organization.updated' | 'organization.deleted'; organization: StoredOrganization }
  | { type: 'organizationMembership.created' | 'organizationMembership.updated' | 'organizationMembership.deleted'; membership: StoredMembership };

/** What `updateUser` changes; `null` clears a name. */
export interface UserUpdate {
  firstName?: string | null;
  lastName?: string | null;
  /** One of the user's own email address ids. */
  primaryEmailAddressId?: string;
}

export interface StoreTimings {
  sessionLifetimeMs: number;
  inactivityTimeoutMs: number;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

/** The emulator's in-memory state and its semantics: users, clients, sessions, and a movable clock. */
export class Store {
  users = new Map<string, StoredUser>();
  clients = new Map<string, StoredClient>();
  sessions = new Map<string, StoredSession>();
  private clientsByToken = new Map<string, StoredClient>();
  /** Organizations, roles, features and per-session token extras (organizations/organizations.ts). */
  readonly organizations = new Organizations(this);
  clockOffsetMs = 0;
  /** Called after every change (persistence hooks in here). */
  onChange: () => void = () => {};
  /**
   * Called after each change that the hosted service reports by webhook (webhooks/store-events.ts
   * turns it into a delivery). New kinds of change (organizations, memberships) add a StoreEvent.
   */
  onEvent: (event: StoreEvent) => void = () => {};

  constructor(private readonly timings: StoreTimings) {}

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  advanceClock(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new EmulatorError('ERR_INVALID_ARGUMENT', 'advanceClock(ms) needs a finite number >= 0');
    }
    this.clockOffsetMs += ms;
    this.refresh();
    this.onChange();
  }

  // ---- users ----

  createUser(u: SeedUser): StoredUser {
    if (u.id !== undefined && !USER_ID_PATTERN.test(u.id)) {
      throw new EmulatorError('ERR_INVALID_ARGUMENT', 'a user id must match /^user_[A-Za-z0-9_]{1,128}$/');
    }
    if (u.id !== undefined && this.users.has(u.id)) {
      throw new EmulatorError('ERR_DUPLICATE_USER', `user ${u.id} already exists`);
    }
    const email = u.email?.trim().toLowerCase();
    if (email !== undefined) {
      if (!EMAIL_PATTERN.test(email) || email.length > 320) {
        throw new EmulatorError('ERR_INVALID_ARGUMENT', 'email is not an email address');
      }
      if (this.findUserByEmail(email)) {
        throw new EmulatorError('ERR_DUPLICATE_USER', 'a user with that email already exists');
      }
    }
    const now = this.now();
    const emails = email === undefined ? [] : [{ id: newId('idn'), emailAddress: email, createdAt: now }];
    const user: StoredUser = {
      id: u.id ?? newId('user'),
      firstName: u.firstName ?? null,
      lastName: u.lastName ?? null,
      emails,
      primaryEmailAddressId: emails[0]?.id ?? null,
      lastSignInAt: null,
      lastActiveAt: null,
      createdAt: now,
      updatedAt: now,
    };
    this.users.set(user.id, user);
    this.onChange();
    this.onEvent({ type: 'user.created', user });
    return user;
  }

  requireUser(userId: string): StoredUser {
    const user = this.users.get(userId);
    if (!user) throw new EmulatorError('ERR_UNKNOWN_USER', `no user ${JSON.stringify(userId.slice(0, 140))}`);
    return user;
  }

  /** Changes a user's names or primary email address (`user.updated`). */
  updateUser(userId: string, fields: UserUpdate): StoredUser {
    const user = this.requireUser(userId);
    if (fields.primaryEmailAddressId !== undefined && !user.emails.some((e) => e.id === fields.primaryEmailAddressId)) {
      throw new EmulatorError('ERR_INVALID_ARGUMENT', 'primaryEmailAddressId is not one of the user\'s email addresses');
    }
    if (fields.firstName !== undefined) user.firstName = fields.firstName;
    if (fields.lastName !== undefined) user.lastName = fields.lastName;
    if (fields.primaryEmailAddressId !== undefined) user.primaryEmailAddressId = fields.primaryEmailAddressId;
    user.updatedAt = this.now();
    this.onChange();
    this.onEvent({ type: 'user.updated', user });
    return user;
  }

  /**
   * Deletes a user as the hosted service does: each of its active sessions becomes `removed`
   * (`session.removed`; verifying one answers `session_removed`), its memberships, entitlements and
   * session extras go with it (no events of their own), then `user.deleted`.
   */
  deleteUser(userId: string): StoredUser {
    const user = this.requireUser(userId);
    this.refresh();
    for (const session of this.sessions.values()) {
      if (session.userId !== user.id || session.status !== 'active') continue;
      this.setStatus(session, 'removed');
      this.onEvent({ type: 'session.removed', session });
    }
    this.organizations.forgetUser(user.id);
    this.users.delete(user.id);
    this.onChange();
    this.onEvent({ type: 'user.deleted', user });
    return user;
  }

  findUserByEmail(email: string): StoredUser | undefined {
    const wanted = email.trim().toLowerCase();
    for (const user of this.users.values()) {
      if (user.emails.some((e) => e.emailAddress === wanted)) return user;
    }
    return undefined;
  }

  // ---- sign-in / out ----

  signIn(o: { userId?: string; email?: string; clientToken?: string }): Omit<SignInResult, 'sessionToken'> {
    let user: StoredUser | undefined;
    if (o.userId !== undefined) user = this.users.get(o.userId);
    else if (o.email !== undefined) user = this.findUserByEmail(o.email);
    else throw new EmulatorError('ERR_INVALID_ARGUMENT', 'signIn() needs a userId or an email');
    if (!user) throw new EmulatorError('ERR_UNKNOWN_USER', 'signIn(): no such user');

    const now = this.now();
    let client: StoredClient;
    if (o.clientToken !== undefined) {
      const existing = this.clientsByToken.get(o.clientToken);
      if (!existing) throw new EmulatorError('ERR_UNKNOWN_CLIENT', 'signIn(): no client has that client token');
      client = existing;
    } else {
      client = {
        id: newId('client'),
        token: newClientToken(),
        sessionIds: [],
        lastActiveSessionId: null,
        createdAt: now,
        updatedAt: now,
      };
      this.clients.set(client.id, client);
      this.clientsByToken.set(client.token, client);
    }
    const session: StoredSession = {
      id: newId('sess'),
      clientId: client.id,
      userId: user.id,
      status: 'active',
      lastActiveAt: now,
      expireAt: now + this.timings.sessionLifetimeMs,
      abandonAt: now + this.timings.inactivityTimeoutMs,
      createdAt: now,
      updatedAt: now,
    };
    this.sessions.set(session.id, session);
    client.sessionIds.push(session.id);
    client.lastActiveSessionId = session.id;
    client.updatedAt = now;
    user.lastSignInAt = now;
    user.lastActiveAt = now;
    user.updatedAt = now;
    this.onChange();
    this.onEvent({ type: 'session.created', session });
    return { clientToken: client.token, clientId: client.id, sessionId: session.id, userId: user.id };
  }

  /** Ends (`ended`) or revokes (`revoked`) a session if it is active; returns it with its current status. */
  deactivate(sessionId: string, status: 'ended' | 'revoked' | 'removed'): StoredSession {
    const session = this.requireSession(sessionId);
    this.refresh();
    if (session.status === 'active') {
      this.setStatus(session, status);
      this.onChange();
      this.onEvent({ type: `session.${status}`, session });
    }
    return session;
  }

  setActiveSession(clientToken: string, sessionId: string): void {
    const client = this.clientsByToken.get(clientToken);
    if (!client) throw new EmulatorError('ERR_UNKNOWN_CLIENT', 'setActiveSession(): no client has that client token');
    const session = this.requireSession(sessionId);
    if (session.clientId !== client.id) {
      throw new EmulatorError('ERR_INVALID_ARGUMENT', `setActiveSession(): session ${sessionId} does not belong to that client`);
    }
    this.refresh();
    if (session.status !== 'active') {
      throw new EmulatorError('ERR_INVALID_ARGUMENT', `setActiveSession(): session ${sessionId} is ${session.status}`);
    }
    client.lastActiveSessionId = session.id;
    client.updatedAt = this.now();
    this.touch(session);
  }

  requireSession(sessionId: string): StoredSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new EmulatorError('ERR_UNKNOWN_SESSION', `no session ${JSON.stringify(sessionId.slice(0, 140))}`);
    return session;
  }

  // ---- lookups used by the Backend API ----

  clientByToken(token: string): StoredClient | undefined {
    return this.clientsByToken.get(token);
  }

  isKnownToken(value: string): boolean {
    return this.clientsByToken.has(value);
  }

  /** Marks a verification: last_active_at = now and abandon_at moves forward. */
  touch(session: StoredSession): void {
    const now = this.now();
    session.lastActiveAt = now;
    session.abandonAt = now + this.timings.inactivityTimeoutMs;
    session.updatedAt = now;
    const user = this.users.get(session.userId);
    if (user) user.lastActiveAt = now;
    this.onChange();
  }

  /** Applies expiry and abandonment according to the clock, to every session. */
  refresh(): void {
    const now = this.now();
    for (const session of this.sessions.values()) this.refreshSession(session, now);
  }

  /** Applies expiry and abandonment to the sessions of one client (cheap: used per verification). */
  refreshClient(client: StoredClient | undefined): void {
    if (!client) return;
    const now = this.now();
    for (const id of client.sessionIds) {
      const session = this.sessions.get(id);
      if (session) this.refreshSession(session, now);
    }
  }

  private refreshSession(session: StoredSession, now: number): void {
    if (session.status !== 'active') return;
    const first = Math.min(session.expireAt, session.abandonAt);
    if (first <= now) this.setStatus(session, session.expireAt <= session.abandonAt ? 'expired' : 'abandoned');
  }

  private setStatus(session: StoredSession, status: SessionStatus): void {
    session.status = status;
    session.updatedAt = this.now();
    const client = this.clients.get(session.clientId);
    if (client && client.lastActiveSessionId === session.id) {
      // The most recently active session still active becomes the last active one.
      let next: StoredSession | undefined;
      for (const id of client.sessionIds) {
        const s = this.sessions.get(id);
        if (s && s.status === 'active' && (!next || s.lastActiveAt >= next.lastActiveAt)) next = s;
      }
      client.lastActiveSessionId = next?.id ?? null;
      client.updatedAt = this.now();
    }
  }

  // ---- state ----

  exportState(): EmulatorState {
    this.refresh();
    return structuredClone({
      version: 1 as const,
      clockOffsetMs: this.clockOffsetMs,
      users: [...this.users.values()],
      clients: [...this.clients.values()],
      sessions: [...this.sessions.values()],
    });
  }

  importState(state: EmulatorState): void {
    const copy = structuredClone(state);
    this.users = new Map(copy.users.map((u) => [u.id, u]));
    this.clients = new Map(copy.clients.map((c) => [c.id, c]));
    this.sessions = new Map(copy.sessions.map((s) => [s.id, s]));
    this.clientsByToken = new Map(copy.clients.map((c) => [c.token, c]));
    this.clockOffsetMs = copy.clockOffsetMs;
    this.onChange();
  }

  clear(): void {
    this.users.clear();
    this.clients.clear();
    this.sessions.clear();
    this.clientsByToken.clear();
    this.organizations.clear();
    this.clockOffsetMs = 0;
    this.onChange();
  }
}
