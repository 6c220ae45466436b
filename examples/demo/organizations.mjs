// The demo's organizations (issue 19): two organizations with an admin and a member each, and
// one permission only admins hold. The emulator puts the active organization, the role and the
// permissions in the session JWT; the app authorizes from it alone (networkless mode).

/** What only an organization's admins may do: GET /api/reports/export. */
export const EXPORT_PERMISSION = 'org:reports:export';

/** Alice and Bob are each admin of one organization and member of the other; Carol of none. */
export async function seedOrganizations(emulator) {
  const orgs = emulator.organizations;
  await orgs.defineRole('org:admin', ['org:reports:read', EXPORT_PERMISSION]);
  await orgs.defineRole('org:member', ['org:reports:read']);
  const acme = await orgs.create({ name: 'Acme', slug: 'acme', createdBy: 'user_alice' });
  const globex = await orgs.create({ name: 'Globex', slug: 'globex', createdBy: 'user_bob' });
  await orgs.addMember(acme.id, 'user_bob', 'org:member');
  await orgs.addMember(globex.id, 'user_alice', 'org:member');
  return { acme, globex };
}

/** The organizations `userId` belongs to, with the role in each (for the page's switcher). */
export async function membershipsOf(emulator, userId) {
  const orgs = await emulator.organizations.list();
  const out = [];
  for (const org of orgs) {
    const member = (await emulator.organizations.members(org.id)).find((m) => m.userId === userId);
    if (member) out.push({ id: org.id, name: org.name, slug: org.slug, role: member.role });
  }
  return out;
}
