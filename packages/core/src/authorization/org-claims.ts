import { MAX_LIST, freezeList, fpmList, invalid, nameList, scopedList, spell, withOrgPrefix } from './claim-values.js';

/**
 * The organization, features and plans of a session token, in either claim version: version 2's
 * `o`, `fea` and `pla`, or version 1's `org_*` (which has no features or plans). Each decoder
 * answers SessionClaims' `orgId`, `orgRole`, `orgSlug`, `orgPermissions`, `features` and `plans`
 * (the type is inferred here, checked where session-claims.ts assembles SessionClaims).
 */

const ORG_ID = /^org_[A-Za-z0-9]{1,128}$/;
const SLUG = /^[^\s,]{1,256}$/;
const ROLE = /^(?:org:)?[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const V1_PERMISSION = /^org:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function decodeV2(p: Readonly<Record<string, unknown>>) {
  const features = p.fea === undefined ? [] : scopedList(p.fea);
  const plans = p.pla === undefined ? [] : scopedList(p.pla);
  const base = { features: freezeList(features.map(spell)), plans: freezeList(plans.map(spell)) };
  if (p.o === undefined) return { ...base, orgId: null, orgRole: null, orgSlug: null, orgPermissions: freezeList([]) };
  const o = p.o;
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return invalid();
  const { id, slg, rol, per, fpm } = o as Record<string, unknown>;
  if (typeof id !== 'string' || !ORG_ID.test(id)) invalid();
  if (typeof rol !== 'string' || !ROLE.test(rol)) invalid();
  if (slg !== undefined && (typeof slg !== 'string' || !SLUG.test(slg))) invalid();
  const permissions = per === undefined ? [] : nameList(per);
  const masks = fpm === undefined ? [] : fpmList(fpm);
  const orgFeatures = features.filter((f) => f.scope !== 'u').map((f) => f.name);
  if (masks.length > orgFeatures.length) invalid();
  const limit = 1n << BigInt(permissions.length);
  const orgPermissions: string[] = [];
  masks.forEach((mask, i) => {
    if (mask >= limit) invalid();
    permissions.forEach((permission, bit) => {
      if ((mask >> BigInt(bit)) & 1n) orgPermissions.push(`org:${orgFeatures[i]}:${permission}`);
    });
  });
  return {
    ...base,
    orgId: id as string,
    orgRole: withOrgPrefix(rol as string),
    orgSlug: (slg as string | undefined) ?? null,
    orgPermissions: freezeList(orgPermissions),
  };
}

export function decodeV1(p: Readonly<Record<string, unknown>>) {
  const { org_id: id, org_role: role, org_slug: slug, org_permissions: permissions } = p;
  const none = { features: freezeList([]), plans: freezeList([]) };
  if (id === undefined) {
    if (role !== undefined || slug !== undefined || permissions !== undefined) invalid();
    return { ...none, orgId: null, orgRole: null, orgSlug: null, orgPermissions: freezeList([]) };
  }
  if (typeof id !== 'string' || !ORG_ID.test(id)) invalid();
  if (typeof role !== 'string' || !ROLE.test(role)) invalid();
  if (slug !== undefined && slug !== null && (typeof slug !== 'string' || !SLUG.test(slug))) invalid();
  let keys: string[] = [];
  if (permissions !== undefined && permissions !== null) {
    if (!Array.isArray(permissions) || permissions.length > MAX_LIST) invalid();
    keys = (permissions as unknown[]).map((k) => (typeof k === 'string' && V1_PERMISSION.test(k) ? k : invalid()));
    if (new Set(keys).size !== keys.length) invalid();
  }
  return {
    ...none,
    orgId: id as string,
    orgRole: withOrgPrefix(role as string),
    orgSlug: typeof slug === 'string' ? slug : null,
    orgPermissions: freezeList(keys),
  };
}
