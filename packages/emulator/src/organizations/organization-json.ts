import type { Store } from '../store.js';
import type { Organizations, StoredMembership, StoredOrganization } from './organizations.js';

/** An organization in today's Backend API shape (`object: "organization"`). */
export function organizationJSON(o: StoredOrganization, orgs?: Organizations) {
  return {
    object: 'organization' as const,
    id: o.id,
    name: o.name,
    slug: o.slug,
    image_url: '',
    has_image: false,
    ...(orgs === undefined ? {} : { members_count: orgs.membersOf(o.id).length }),
    max_allowed_memberships: o.maxAllowedMemberships,
    admin_delete_enabled: true,
    public_metadata: o.publicMetadata,
    private_metadata: o.privateMetadata,
    created_by: o.createdBy ?? '',
    created_at: o.createdAt,
    updated_at: o.updatedAt,
  };
}

/** A membership in today's Backend API shape (`object: "organization_membership"`), with the role's permissions. */
export function membershipJSON(m: StoredMembership, orgs: Organizations, store: Store) {
  const user = store.users.get(m.userId);
  const org = orgs.orgs.get(m.organizationId)!;
  return {
    object: 'organization_membership' as const,
    id: m.id,
    role: m.role,
    role_name: m.role.slice('org:'.length).replace(/^./, (c) => c.toUpperCase()),
    permissions: [...(orgs.roles.get(m.role) ?? [])],
    public_metadata: {},
    private_metadata: {},
    organization: organizationJSON(org),
    public_user_data: {
      user_id: m.userId,
      first_name: user?.firstName ?? null,
      last_name: user?.lastName ?? null,
      image_url: '',
      has_image: false,
      identifier: user?.emails[0]?.emailAddress ?? '',
    },
    created_at: m.createdAt,
    updated_at: m.updatedAt,
  };
}
