/**
 * What a verified session token says about the session beyond `sub` and `sid`: its status, the
 * active organization with the role and permissions in it, the features and plans, the factor
 * ages and the impersonating actor. Decoded once per verified token, strictly.
 */
export interface SessionClaims {
  /** `sts`; `'active'` when the claim is absent (instances that have not opted in). */
  sessionStatus: 'active' | 'pending';
  /** The active organization's id (`o.id` / `org_id`), or `null`. */
  orgId: string | null;
  /** The role key with its `org:` prefix (`org:admin`), or `null` without an active organization. */
  orgRole: string | null;
  orgSlug: string | null;
  /** Permission keys, `org:<feature>:<permission>`, in token order. */
  orgPermissions: readonly string[];
  /** Features with their scope prefix as the token gives it (`u:`, `o:`, `uo:`, `ou:`). */
  features: readonly string[];
  /** Plans with their scope prefix, as {@link SessionClaims.features}. */
  plans: readonly string[];
  /** `fva`: minutes since the first and the second factor were verified; `-1` never (or no second factor). */
  factorVerificationAge: readonly [number, number] | null;
  /** `act`: who is impersonating the user, or `null`. */
  actor: Readonly<{ sub: string } & Record<string, unknown>> | null;
}

/** No organization, no features, no factor ages: what the backend strategy (2021 session resource) knows. */
export const NO_SESSION_CLAIMS: SessionClaims = Object.freeze({
  sessionStatus: 'active',
  orgId: null,
  orgRole: null,
  orgSlug: null,
  orgPermissions: Object.freeze([]) as readonly string[],
  features: Object.freeze([]) as readonly string[],
  plans: Object.freeze([]) as readonly string[],
  factorVerificationAge: null,
  actor: null,
});

/** A feature, plan, permission or role name: no separator (`,` `:`), no whitespace. */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const ORG_ID = /^org_[A-Za-z0-9]{1,128}$/;
const SLUG = /^[^\s,]{1,256}$/;
const ROLE = /^(?:org:)?[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const V1_PERMISSION = /^org:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const FPM_VALUE = /^(?:0|[1-9][0-9]{0,30})$/;
const MAX_LIST = 256;
const SCOPES = ['u', 'o', 'uo', 'ou'] as const;
export type Scope = (typeof SCOPES)[number];

class Invalid extends Error {}
const invalid = (): never => {
  throw new Invalid();
};

/**
 * Decodes the claims of a verified payload. `null` when any of them is malformed (the token is
 * then invalid as a whole, never a partial grant): an unknown `v` or `sts`, an `o` that is not an
 * object of strings, an `fpm` value with bits beyond `per` or more `fpm` values than organization
 * features, an unknown scope prefix, a duplicate, an `fva` that is not two integers ≥ -1, an
 * `act` without a `sub`. Version 2 reads `o`, `fea`, `pla`; version 1 (no `v`) reads `org_*`;
 * both read `sts`, `fva` and `act`.
 *
 * @example
 * decodeSessionClaims({ v: 2, fea: 'o:dashboard', o: { id: 'org_1', rol: 'admin', per: 'read,manage', fpm: '3' } })
 * // → { orgRole: 'org:admin', orgPermissions: ['org:dashboard:read', 'org:dashboard:manage'], … }
 */
export function decodeSessionClaims(payload: Readonly<Record<string, unknown>>): SessionClaims | null {
  try {
    return decode(payload);
  } catch (error) {
    if (error instanceof Invalid) return null;
    throw error;
  }
}

function decode(p: Readonly<Record<string, unknown>>): SessionClaims {
  const version = p.v === undefined ? 1 : p.v === 2 ? 2 : invalid();
  const sessionStatus = p.sts === undefined ? 'active' : p.sts === 'active' || p.sts === 'pending' ? p.sts : invalid();
  const factorVerificationAge = p.fva === undefined ? null : decodeFva(p.fva);
  const actor = p.act === undefined ? null : decodeActor(p.act);
  const org = version === 2 ? decodeV2(p) : decodeV1(p);
  return Object.freeze({ sessionStatus, factorVerificationAge, actor, ...org });
}

type OrgPart = Pick<SessionClaims, 'orgId' | 'orgRole' | 'orgSlug' | 'orgPermissions' | 'features' | 'plans'>;

function decodeV2(p: Readonly<Record<string, unknown>>): OrgPart {
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

function decodeV1(p: Readonly<Record<string, unknown>>): OrgPart {
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

interface Scoped {
  scope: Scope;
  name: string;
}

/** `"u:a,o:b,uo:c"` → entries; the prefix is parsed exactly (a `u:` name containing `o` stays a user value). */
function scopedList(value: unknown): Scoped[] {
  if (typeof value !== 'string') return invalid();
  if (value === '') return [];
  const parts = value.split(',');
  if (parts.length > MAX_LIST) invalid();
  const seen = { u: new Set<string>(), o: new Set<string>() };
  return parts.map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) invalid();
    const scope = part.slice(0, colon) as Scope;
    const name = part.slice(colon + 1);
    if (!SCOPES.includes(scope) || !NAME.test(name)) invalid();
    for (const s of ['u', 'o'] as const) {
      if (!scope.includes(s)) continue;
      if (seen[s].has(name)) invalid();
      seen[s].add(name);
    }
    return { scope, name };
  });
}

function nameList(value: unknown): string[] {
  if (typeof value !== 'string') return invalid();
  if (value === '') return [];
  const names = value.split(',');
  if (names.length > MAX_LIST || names.some((n) => !NAME.test(n)) || new Set(names).size !== names.length) invalid();
  return names;
}

function fpmList(value: unknown): bigint[] {
  if (typeof value !== 'string') return invalid();
  if (value === '') return [];
  const parts = value.split(',');
  if (parts.length > MAX_LIST) invalid();
  return parts.map((v) => (FPM_VALUE.test(v) ? BigInt(v) : invalid()));
}

function decodeFva(value: unknown): readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2) return invalid();
  const [first, second] = value as unknown[];
  if (!isAge(first) || !isAge(second)) invalid();
  return Object.freeze([first, second] as [number, number]);
}

function isAge(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= -1;
}

function decodeActor(value: unknown): Readonly<{ sub: string } & Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid();
  const sub = (value as { sub?: unknown }).sub;
  if (typeof sub !== 'string' || sub === '' || sub.length > 256) invalid();
  return Object.freeze({ ...(value as { sub: string }) });
}

function spell(s: Scoped): string {
  return `${s.scope}:${s.name}`;
}

function withOrgPrefix(role: string): string {
  return role.startsWith('org:') ? role : `org:${role}`;
}

function freezeList(list: string[]): readonly string[] {
  return Object.freeze(list);
}
