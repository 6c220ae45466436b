import { randomInt } from 'node:crypto';
import { EmulatorError } from '../errors.js';
import type { Store } from '../store.js';

/** An organization, camelCased (the Backend API's shape is in organization-json.ts). */
export interface StoredOrganization {
  id: string;
  name: string;
  slug: string;
  createdBy: string | null;
  maxAllowedMemberships: number;
  publicMetadata: Record<string, unknown>;
  privateMetadata: Record<string, unknown>;
  /** Organization-scoped features (`undefined`: every feature the roles' permissions name). */
  features: string[] | undefined;
  plans: string[];
  createdAt: number;
  updatedAt: number;
}

export interface StoredMembership {
  id: string;
  organizationId: string;
  userId: string;
  /** With the `org:` prefix: `org:admin`. */
  role: string;
  createdAt: number;
  updatedAt: number;
}

/** What a session's token says beyond `sub` and `sid` (kept beside the 2021 session resource). */
export interface SessionExtras {
  organizationId: string | null;
  /** A task (choosing an organization) is left: `sts: "pending"`. */
  pending: boolean;
  actor: ({ sub: string } & Record<string, unknown>) | null;
  /** Emulator-clock ms of the last first- and second-factor verification (`null`: never / no second factor). */
  firstFactorAt: number | null;
  secondFactorAt: number | null;
  tokenVersion: 1 | 2;
}

export interface SignInExtras {
  organizationId?: string;
  pending?: boolean;
  actor?: { sub: string } & Record<string, unknown>;
  /** Sign in with a second factor too (fva[1] starts at 0 instead of -1). */
  secondFactor?: boolean;
  tokenVersion?: 1 | 2;
}

const KEY = /^[a-z0-9_][a-z0-9_-]{0,63}$/;
const PERMISSION = /^org:([a-z0-9_][a-z0-9_-]{0,63}):([a-z0-9_][a-z0-9_-]{0,63})$/;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const newId = (prefix: 'org' | 'orgmem') => `${prefix}_${Array.from({ length: 27 }, () => BASE62[randomInt(62)]).join('')}`;
const invalid = (message: string) => new EmulatorError('ERR_INVALID_ARGUMENT', message);

/**
 * Organizations as today's hosted service has them: organizations, memberships with a role, roles
 * with permissions (`org:<feature>:<permission>`, grouped by feature in the token), features and
 * plans per user and per organization, and per session the active organization, a pending task,
 * an impersonating actor and factor ages. {@link Organizations.claimsFor} turns them into the
 * session token's claims, version 2 (`o`, `fea`, `pla`, `sts`, `fva`, `act`) or version 1 (`org_*`).
 */
export class Organizations {
  orgs = new Map<string, StoredOrganization>();
  /** organizationId → userId → membership */
  memberships = new Map<string, Map<string, StoredMembership>>();
  /** role key (`org:admin`) → permission keys */
  roles = new Map<string, string[]>();
  userFeatures = new Map<string, { features: string[]; plans: string[] }>();
  sessions = new Map<string, SessionExtras>();

  constructor(private readonly store: Store) {
    this.resetRoles();
  }

  clear(): void {
    this.orgs.clear();
    this.memberships.clear();
    this.userFeatures.clear();
    this.sessions.clear();
    this.resetRoles();
  }

  private resetRoles(): void {
    this.roles = new Map([
      ['org:admin', []],
      ['org:member', []],
    ]);
  }

  // ---- roles, features, plans ----

  /** Creates or replaces a role: `defineRole('org:editor', ['org:posts:read', 'org:posts:edit'])`. */
  defineRole(key: string, permissions: string[]): { key: string; permissions: string[] } {
    const role = roleKey(key);
    for (const p of permissions) if (!PERMISSION.test(p)) throw invalid(`a permission key is org:<feature>:<permission> (lowercase), got ${JSON.stringify(p.slice(0, 140))}`);
    this.roles.set(role, [...new Set(permissions)]);
    this.store.onChange();
    return { key: role, permissions: this.roles.get(role)! };
  }

  listRoles(): { key: string; permissions: string[] }[] {
    return [...this.roles].map(([key, permissions]) => ({ key, permissions: [...permissions] }));
  }

  /** The features and plans of a user (`u:` scope) or an organization (`o:` scope); names without prefix. */
  setEntitlements(o: { userId?: string; organizationId?: string; features?: string[]; plans?: string[] }): void {
    const check = (names: string[] | undefined) => {
      for (const n of names ?? []) if (!KEY.test(n)) throw invalid(`a feature or plan name is lowercase [a-z0-9_-], got ${JSON.stringify(n.slice(0, 140))}`);
      return names;
    };
    const features = check(o.features);
    const plans = check(o.plans);
    if ((o.userId === undefined) === (o.organizationId === undefined)) throw invalid('setEntitlements() needs a userId or an organizationId');
    if (o.userId !== undefined) {
      if (!this.store.users.has(o.userId)) throw new EmulatorError('ERR_UNKNOWN_USER', 'setEntitlements(): no such user');
      const current = this.userFeatures.get(o.userId) ?? { features: [], plans: [] };
      this.userFeatures.set(o.userId, { features: features ?? current.features, plans: plans ?? current.plans });
    } else {
      const org = this.requireOrg(o.organizationId!);
      if (features !== undefined) org.features = [...new Set(features)];
      if (plans !== undefined) org.plans = [...new Set(plans)];
      org.updatedAt = this.store.now();
    }
    this.store.onChange();
  }

  // ---- organizations and memberships ----

  createOrganization(o: { name: string; slug?: string; createdBy?: string; maxAllowedMemberships?: number; publicMetadata?: Record<string, unknown>; privateMetadata?: Record<string, unknown>; features?: string[]; plans?: string[] }): StoredOrganization {
    const name = o.name.trim();
    if (name === '' || name.length > 256) throw invalid('an organization needs a name (1..256 characters)');
    const slug = o.slug ?? (name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'org');
    if (!/^[a-z0-9][a-z0-9-]{0,127}$/.test(slug)) throw invalid('a slug is lowercase letters, digits and dashes');
    if ([...this.orgs.values()].some((x) => x.slug === slug)) throw new EmulatorError('ERR_DUPLICATE_ORGANIZATION', `an organization with slug ${slug} already exists`);
    if (o.createdBy !== undefined && !this.store.users.has(o.createdBy)) throw new EmulatorError('ERR_UNKNOWN_USER', 'createOrganization(): no such user (createdBy)');
    const now = this.store.now();
    const org: StoredOrganization = {
      id: newId('org'),
      name,
      slug,
      createdBy: o.createdBy ?? null,
      maxAllowedMemberships: o.maxAllowedMemberships ?? 5,
      publicMetadata: o.publicMetadata ?? {},
      privateMetadata: o.privateMetadata ?? {},
      features: o.features,
      plans: o.plans ?? [],
      createdAt: now,
      updatedAt: now,
    };
    this.orgs.set(org.id, org);
    this.memberships.set(org.id, new Map());
    this.store.onEvent({ type: 'organization.created', organization: org });
    if (o.createdBy !== undefined) this.addMembership(org.id, o.createdBy, 'org:admin');
    this.store.onChange();
    return org;
  }

  /** Changes an organization's name, slug, membership limit or metadata (`organization.updated`). */
  updateOrganization(idOrSlug: string, o: { name?: string; slug?: string; maxAllowedMemberships?: number; publicMetadata?: Record<string, unknown>; privateMetadata?: Record<string, unknown> }): StoredOrganization {
    const org = this.requireOrg(idOrSlug);
    const name = o.name?.trim();
    if (name !== undefined && (name === '' || name.length > 256)) throw invalid('an organization needs a name (1..256 characters)');
    if (o.slug !== undefined) {
      if (!/^[a-z0-9][a-z0-9-]{0,127}$/.test(o.slug)) throw invalid('a slug is lowercase letters, digits and dashes');
      if ([...this.orgs.values()].some((x) => x.slug === o.slug && x.id !== org.id)) throw new EmulatorError('ERR_DUPLICATE_ORGANIZATION', `an organization with slug ${o.slug} already exists`);
    }
    if (name !== undefined) org.name = name;
    if (o.slug !== undefined) org.slug = o.slug;
    if (o.maxAllowedMemberships !== undefined) org.maxAllowedMemberships = o.maxAllowedMemberships;
    if (o.publicMetadata !== undefined) org.publicMetadata = o.publicMetadata;
    if (o.privateMetadata !== undefined) org.privateMetadata = o.privateMetadata;
    org.updatedAt = this.store.now();
    this.store.onChange();
    this.store.onEvent({ type: 'organization.updated', organization: org });
    return org;
  }

  /**
   * Deletes an organization (`organization.deleted`); its memberships go with it (no events of
   * their own) and sessions whose active organization it was have none.
   */
  deleteOrganization(idOrSlug: string): StoredOrganization {
    const org = this.requireOrg(idOrSlug);
    this.orgs.delete(org.id);
    this.memberships.delete(org.id);
    for (const extras of this.sessions.values()) if (extras.organizationId === org.id) extras.organizationId = null;
    this.store.onChange();
    this.store.onEvent({ type: 'organization.deleted', organization: org });
    return org;
  }

  /** A deleted user's memberships, entitlements and session extras (store.deleteUser). */
  forgetUser(userId: string): void {
    for (const members of this.memberships.values()) members.delete(userId);
    this.userFeatures.delete(userId);
    for (const [sessionId, session] of this.store.sessions) if (session.userId === userId) this.sessions.delete(sessionId);
  }

  /** By id or slug. */
  findOrg(idOrSlug: string): StoredOrganization | undefined {
    return this.orgs.get(idOrSlug) ?? [...this.orgs.values()].find((o) => o.slug === idOrSlug);
  }

  requireOrg(idOrSlug: string): StoredOrganization {
    const org = this.findOrg(idOrSlug);
    if (!org) throw new EmulatorError('ERR_UNKNOWN_ORGANIZATION', `no organization ${JSON.stringify(idOrSlug.slice(0, 140))}`);
    return org;
  }

  membersOf(orgId: string): StoredMembership[] {
    return [...(this.memberships.get(this.requireOrg(orgId).id)?.values() ?? [])];
  }

  membershipsOfUser(userId: string): StoredMembership[] {
    return [...this.memberships.values()].flatMap((m) => (m.has(userId) ? [m.get(userId)!] : []));
  }

  addMembership(orgId: string, userId: string, role: string): StoredMembership {
    const org = this.requireOrg(orgId);
    if (!this.store.users.has(userId)) throw new EmulatorError('ERR_UNKNOWN_USER', 'addMembership(): no such user');
    const members = this.memberships.get(org.id)!;
    if (members.has(userId)) throw new EmulatorError('ERR_DUPLICATE_MEMBERSHIP', 'that user is already a member');
    const now = this.store.now();
    const membership = { id: newId('orgmem'), organizationId: org.id, userId, role: this.knownRole(role), createdAt: now, updatedAt: now };
    members.set(userId, membership);
    this.store.onChange();
    this.store.onEvent({ type: 'organizationMembership.created', membership });
    return membership;
  }

  updateMembership(orgId: string, userId: string, role: string): StoredMembership {
    const membership = this.requireMembership(orgId, userId);
    membership.role = this.knownRole(role);
    membership.updatedAt = this.store.now();
    this.store.onChange();
    this.store.onEvent({ type: 'organizationMembership.updated', membership });
    return membership;
  }

  removeMembership(orgId: string, userId: string): StoredMembership {
    const membership = this.requireMembership(orgId, userId);
    this.memberships.get(membership.organizationId)!.delete(userId);
    // a session whose active organization this was has none now
    for (const [sessionId, extras] of this.sessions) {
      if (extras.organizationId === membership.organizationId && this.store.sessions.get(sessionId)?.userId === userId) extras.organizationId = null;
    }
    this.store.onChange();
    this.store.onEvent({ type: 'organizationMembership.deleted', membership });
    return membership;
  }

  private requireMembership(orgId: string, userId: string): StoredMembership {
    const org = this.requireOrg(orgId);
    const membership = this.memberships.get(org.id)?.get(userId);
    if (!membership) throw new EmulatorError('ERR_UNKNOWN_MEMBERSHIP', 'that user is not a member of that organization');
    return membership;
  }

  private knownRole(role: string): string {
    const key = roleKey(role);
    if (!this.roles.has(key)) throw invalid(`no role ${key}; define it first (defineRole)`);
    return key;
  }

  // ---- sessions ----

  extrasOf(sessionId: string): SessionExtras {
    let extras = this.sessions.get(sessionId);
    if (extras === undefined) {
      const session = this.store.requireSession(sessionId);
      extras = { organizationId: null, pending: false, actor: null, firstFactorAt: session.createdAt, secondFactorAt: null, tokenVersion: 2 };
      this.sessions.set(sessionId, extras);
    }
    return extras;
  }

  /** Applied right after a sign-in: the session's organization, pending task, actor, factors, token version. */
  onSignIn(sessionId: string, o: SignInExtras): void {
    const extras = this.extrasOf(sessionId);
    if (o.organizationId !== undefined) this.setActiveOrganization(sessionId, o.organizationId);
    extras.pending = o.pending ?? false;
    if (o.actor !== undefined) {
      if (typeof o.actor.sub !== 'string' || o.actor.sub === '') throw invalid('an actor needs a sub');
      extras.actor = { ...o.actor };
    }
    if (o.secondFactor) extras.secondFactorAt = this.store.now();
    if (o.tokenVersion !== undefined) extras.tokenVersion = o.tokenVersion;
  }

  /** Sets (or clears, with `null`) the session's active organization; the user must be a member. */
  setActiveOrganization(sessionId: string, organizationId: string | null): SessionExtras {
    const session = this.store.requireSession(sessionId);
    const extras = this.extrasOf(sessionId);
    if (organizationId === null) {
      extras.organizationId = null;
    } else {
      const org = this.requireOrg(organizationId);
      if (!this.memberships.get(org.id)?.has(session.userId)) {
        throw new EmulatorError('ERR_UNKNOWN_MEMBERSHIP', 'the session\'s user is not a member of that organization');
      }
      extras.organizationId = org.id;
    }
    this.store.onChange();
    return extras;
  }

  /** Finishes a pending session's task (optionally choosing its organization): `sts` becomes `active`. */
  completeTask(sessionId: string, organizationId?: string): SessionExtras {
    if (organizationId !== undefined) this.setActiveOrganization(sessionId, organizationId);
    const extras = this.extrasOf(sessionId);
    extras.pending = false;
    this.store.onChange();
    return extras;
  }

  /** Records a fresh verification of the first factor, the second, or both (the `fva` ages restart at 0). */
  reverify(sessionId: string, level: 'first_factor' | 'second_factor' | 'multi_factor'): SessionExtras {
    const extras = this.extrasOf(sessionId);
    const now = this.store.now();
    if (level !== 'second_factor') extras.firstFactorAt = now;
    if (level !== 'first_factor') extras.secondFactorAt = now;
    this.store.onChange();
    return extras;
  }

  setActor(sessionId: string, actor: ({ sub: string } & Record<string, unknown>) | null): SessionExtras {
    const extras = this.extrasOf(sessionId);
    if (actor !== null && (typeof actor.sub !== 'string' || actor.sub === '')) throw invalid('an actor needs a sub');
    extras.actor = actor === null ? null : { ...actor };
    this.store.onChange();
    return extras;
  }

  /** The session token's claims for `sessionId` at the emulator's now: version 2 by default, or `version`. */
  claimsFor(sessionId: string, version?: 1 | 2): Record<string, unknown> {
    const session = this.store.requireSession(sessionId);
    const extras = this.extrasOf(sessionId);
    const v = version ?? extras.tokenVersion;
    const now = this.store.now();
    const age = (at: number | null) => (at === null ? -1 : Math.max(0, Math.floor((now - at) / 60_000)));
    const claims: Record<string, unknown> = {
      sts: extras.pending ? 'pending' : 'active',
      fva: [age(extras.firstFactorAt), age(extras.secondFactorAt)],
    };
    if (extras.actor !== null) claims.act = { ...extras.actor };
    const org = extras.organizationId === null ? undefined : this.orgs.get(extras.organizationId);
    const membership = org && this.memberships.get(org.id)?.get(session.userId);
    const permissions = membership ? (this.roles.get(membership.role) ?? []) : [];
    if (v === 1) {
      if (org && membership) {
        Object.assign(claims, { org_id: org.id, org_role: membership.role, org_slug: org.slug, org_permissions: [...permissions] });
      }
      return claims;
    }
    claims.v = 2;
    const user = this.userFeatures.get(session.userId) ?? { features: [], plans: [] };
    const orgFeatures = org ? (org.features ?? [...new Set(this.allPermissionFeatures())]) : [];
    const fea = [...mergeScopes(user.features, orgFeatures)];
    const pla = [...mergeScopes(user.plans, org?.plans ?? [])];
    if (fea.length > 0) claims.fea = fea.join(',');
    if (pla.length > 0) claims.pla = pla.join(',');
    if (org && membership) {
      const per: string[] = [];
      const grants = new Map<string, Set<string>>();
      for (const key of permissions) {
        const [, feature, permission] = PERMISSION.exec(key)!;
        if (!orgFeatures.includes(feature!)) continue; // a feature the organization lacks grants nothing
        if (!per.includes(permission!)) per.push(permission!);
        grants.set(feature!, (grants.get(feature!) ?? new Set()).add(permission!));
      }
      const orgScoped = fea.filter((f) => !f.startsWith('u:')).map((f) => f.slice(f.indexOf(':') + 1));
      const fpm = orgScoped.map((feature) => per.reduce((mask, p, bit) => (grants.get(feature)?.has(p) ? mask + 2 ** bit : mask), 0));
      claims.o = { id: org.id, slg: org.slug, rol: membership.role.slice('org:'.length), per: per.join(','), fpm: fpm.join(',') };
    }
    return claims;
  }

  private allPermissionFeatures(): string[] {
    return [...this.roles.values()].flat().map((k) => PERMISSION.exec(k)![1]!);
  }
}

/** `u:x` / `o:x`, or `uo:x` when a name has both scopes (each prefix parsed exactly by verifiers). */
function* mergeScopes(user: string[], org: string[]): Generator<string> {
  for (const name of user) yield org.includes(name) ? `uo:${name}` : `u:${name}`;
  for (const name of org) if (!user.includes(name)) yield `o:${name}`;
}

function roleKey(role: string): string {
  const key = role.startsWith('org:') ? role : `org:${role}`;
  if (!KEY.test(key.slice(4))) throw invalid(`a role key is org:<lowercase key>, got ${JSON.stringify(role.slice(0, 140))}`);
  return key;
}

