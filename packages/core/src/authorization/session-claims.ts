import { Invalid, decodeActor, decodeFva, invalid } from './claim-values.js';
import { decodeV1, decodeV2 } from './org-claims.js';

export type { Scope } from './claim-values.js';

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
