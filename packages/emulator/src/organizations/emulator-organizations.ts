import { z } from 'zod';
import { EmulatorError } from '../errors.js';
import type { Store } from '../store.js';
import { actorSchema, createOrganizationSchema, entitlementsSchema, levelSchema, stripUndefined, updateOrganizationSchema } from './control-routes.js';
import type { SessionExtras, StoredMembership, StoredOrganization } from './organizations.js';

export type { SessionExtras, SignInExtras, StoredMembership as Membership, StoredOrganization as Organization } from './organizations.js';

/** `emu.organizations`: the programmatic twin of the /__emulator organization routes. */
export interface EmulatorOrganizations {
  /** Creates an organization; `createdBy` becomes its admin. `features` (default: every feature a role's permission names) and `plans` are organization-scoped. */
  create(o: { name: string; slug?: string; createdBy?: string; features?: string[]; plans?: string[] }): Promise<StoredOrganization>;
  list(): Promise<StoredOrganization[]>;
  /** By id or slug. */
  get(idOrSlug: string): Promise<StoredOrganization>;
  /** Changes the name, slug, membership limit or metadata (`organization.updated`). */
  update(idOrSlug: string, o: { name?: string; slug?: string; maxAllowedMemberships?: number; publicMetadata?: Record<string, unknown>; privateMetadata?: Record<string, unknown> }): Promise<StoredOrganization>;
  /** Deletes it and its memberships (`organization.deleted`); sessions active in it have no organization. */
  delete(idOrSlug: string): Promise<{ id: string; deleted: true }>;
  addMember(organizationId: string, userId: string, role: string): Promise<StoredMembership>;
  /** Changes a member's role: the member's next session token carries the new role and permissions. */
  setRole(organizationId: string, userId: string, role: string): Promise<StoredMembership>;
  removeMember(organizationId: string, userId: string): Promise<StoredMembership>;
  members(organizationId: string): Promise<StoredMembership[]>;
  /** Creates or replaces a role: `defineRole('org:editor', ['org:posts:read', 'org:posts:edit'])`. `org:admin` and `org:member` exist with no permissions. */
  defineRole(key: string, permissions: string[]): Promise<{ key: string; permissions: string[] }>;
  /** Features and plans of a user (`u:`) or an organization (`o:`). */
  setEntitlements(o: { userId?: string; organizationId?: string; features?: string[]; plans?: string[] }): Promise<void>;
  /** The session's active organization (`null` for none); its user must be a member. */
  setActive(sessionId: string, organizationId: string | null): Promise<SessionExtras>;
  /** Finishes a pending session's task (optionally choosing its organization). */
  completeTask(sessionId: string, organizationId?: string): Promise<SessionExtras>;
  /** A fresh factor verification: `fva` restarts at 0 for that factor. */
  reverify(sessionId: string, level: 'first_factor' | 'second_factor' | 'multi_factor'): Promise<SessionExtras>;
  /** Impersonation: the session's tokens carry `act` (or none, with `null`). */
  setActor(sessionId: string, actor: ({ sub: string } & Record<string, unknown>) | null): Promise<SessionExtras>;
  /** The claims the session's next token carries beyond `sub`/`sid`/times. */
  claims(sessionId: string, version?: 1 | 2): Record<string, unknown>;
}

function checked<T>(schema: z.ZodType<T>, value: unknown, fn: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new EmulatorError('ERR_INVALID_ARGUMENT', `organizations.${fn}(): ${parsed.error.issues[0]?.message ?? 'invalid argument'}`);
  return parsed.data;
}
const id = z.string().min(1).max(512);

export function emulatorOrganizations(store: Store): EmulatorOrganizations {
  const orgs = store.organizations;
  return {
    create: async (o) => ({ ...orgs.createOrganization(stripUndefined(checked(createOrganizationSchema, o, 'create'))) }),
    list: async () => [...orgs.orgs.values()].map((o) => ({ ...o })),
    get: async (idOrSlug) => ({ ...orgs.requireOrg(checked(id, idOrSlug, 'get')) }),
    update: async (idOrSlug, o) => ({ ...orgs.updateOrganization(checked(id, idOrSlug, 'update'), stripUndefined(checked(updateOrganizationSchema, o, 'update'))) }),
    delete: async (idOrSlug) => ({ id: orgs.deleteOrganization(checked(id, idOrSlug, 'delete')).id, deleted: true as const }),
    addMember: async (org, user, role) => ({ ...orgs.addMembership(checked(id, org, 'addMember'), checked(id, user, 'addMember'), checked(id, role, 'addMember')) }),
    setRole: async (org, user, role) => ({ ...orgs.updateMembership(checked(id, org, 'setRole'), checked(id, user, 'setRole'), checked(id, role, 'setRole')) }),
    removeMember: async (org, user) => ({ ...orgs.removeMembership(checked(id, org, 'removeMember'), checked(id, user, 'removeMember')) }),
    members: async (org) => orgs.membersOf(checked(id, org, 'members')).map((m) => ({ ...m })),
    defineRole: async (key, permissions) => orgs.defineRole(checked(id, key, 'defineRole'), checked(z.array(z.string().max(200)).max(256), permissions, 'defineRole')),
    setEntitlements: async (o) => orgs.setEntitlements(stripUndefined(checked(entitlementsSchema, o, 'setEntitlements'))),
    setActive: async (session, org) => ({ ...orgs.setActiveOrganization(checked(id, session, 'setActive'), checked(id.nullable(), org, 'setActive')) }),
    completeTask: async (session, org) => ({ ...orgs.completeTask(checked(id, session, 'completeTask'), org === undefined ? undefined : checked(id, org, 'completeTask')) }),
    reverify: async (session, level) => ({ ...orgs.reverify(checked(id, session, 'reverify'), checked(levelSchema, level, 'reverify')) }),
    setActor: async (session, actor) => ({ ...orgs.setActor(checked(id, session, 'setActor'), checked(actorSchema.nullable(), actor, 'setActor')) }),
    claims: (session, version) => orgs.claimsFor(checked(id, session, 'claims'), version),
  };
}
