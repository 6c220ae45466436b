import type { SessionClaims } from './session-claims.js';

/** Minutes; a factor counts when verified less than this long ago. */
export type ReverificationLevel = 'first_factor' | 'second_factor' | 'multi_factor';
export type ReverificationPreset = 'strict_mfa' | 'strict' | 'moderate' | 'lax';

/**
 * One check for {@link HasFunction}. Exactly one key:
 *
 * - `role`: the active organization's role (`'org:admin'`, or `'admin'`: the `org:` prefix is optional).
 * - `permission`: `'org:<feature>:<permission>'` (prefix optional), compared exactly.
 * - `feature` / `plan`: `'u:x'`, `'o:x'` or `'x'` (either scope counts); `uo:`/`ou:` values count for both.
 * - `reverification`: a preset or `{ level, afterMinutes }`, checked against the token's `fva`.
 */
export type HasParams =
  | { role: string }
  | { permission: string }
  | { feature: string }
  | { plan: string }
  | { reverification: ReverificationPreset | { level: ReverificationLevel; afterMinutes: number } };

/** Pure and synchronous; `false` for anything it cannot decide (no organization, no `fva`). */
export type HasFunction = (params: HasParams) => boolean;

/** The presets, as the hosted service defines them. */
export const REVERIFICATION_PRESETS: Readonly<Record<ReverificationPreset, { level: ReverificationLevel; afterMinutes: number }>> =
  Object.freeze({
    strict_mfa: { level: 'multi_factor', afterMinutes: 10 },
    strict: { level: 'second_factor', afterMinutes: 10 },
    moderate: { level: 'second_factor', afterMinutes: 60 },
    lax: { level: 'second_factor', afterMinutes: 1440 },
  });

const KEYS = ['role', 'permission', 'feature', 'plan', 'reverification'] as const;
const LEVELS: readonly string[] = ['first_factor', 'second_factor', 'multi_factor'];
type Check = (c: SessionClaims) => boolean;

/**
 * Validates `params` once and returns the check it describes. Misuse (no key, two keys, a
 * non-string value, an unknown preset) throws a `TypeError`: a typo must not read as "not allowed".
 */
export function compileHasParams(params: unknown, who = 'has()'): Check {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new TypeError(`${who} expects one of { role }, { permission }, { feature }, { plan }, { reverification }`);
  }
  const keys = Object.keys(params);
  const key = keys[0] as (typeof KEYS)[number];
  if (keys.length !== 1 || !KEYS.includes(key)) {
    throw new TypeError(`${who} expects exactly one of ${KEYS.join(', ')}; got ${keys.length === 0 ? 'none' : keys.map((k) => JSON.stringify(k)).join(', ')}`);
  }
  const value = (params as Record<string, unknown>)[key];
  if (key === 'reverification') return reverificationCheck(value, who);
  if (typeof value !== 'string' || value === '') throw new TypeError(`${who}: "${key}" must be a non-empty string`);
  switch (key) {
    case 'role': {
      const role = withOrgPrefix(value);
      return (c) => c.orgId !== null && c.orgRole === role;
    }
    case 'permission': {
      const permission = withOrgPrefix(value);
      return (c) => c.orgId !== null && c.orgPermissions.includes(permission);
    }
    case 'feature':
      return scopedCheck(value, (c) => c.features);
    case 'plan':
      return scopedCheck(value, (c) => c.plans);
  }
}

/**
 * The `has` of a signed-in state: reads only `claims`. Each call validates its params (see
 * {@link compileHasParams}).
 */
export function createHas(claims: SessionClaims): HasFunction {
  return (params) => compileHasParams(params)(claims);
}

function withOrgPrefix(value: string): string {
  return value.startsWith('org:') ? value : `org:${value}`;
}

function scopedCheck(value: string, list: (c: SessionClaims) => readonly string[]): Check {
  const colon = value.indexOf(':');
  const scope = colon < 0 ? undefined : value.slice(0, colon);
  const name = colon < 0 ? value : value.slice(colon + 1);
  if (scope !== undefined && scope !== 'u' && scope !== 'o') {
    throw new TypeError(`has(): a feature or plan's scope prefix is "u:" or "o:" (or none for either); got "${scope}:"`);
  }
  return (c) =>
    list(c).some((entry) => {
      const i = entry.indexOf(':');
      const entryScope = entry.slice(0, i);
      return entry.slice(i + 1) === name && (scope === undefined || entryScope.includes(scope));
    });
}

function reverificationCheck(value: unknown, who: string): Check {
  const config = typeof value === 'string' ? REVERIFICATION_PRESETS[value as ReverificationPreset] : value;
  const { level, afterMinutes } = (typeof config === 'object' && config !== null ? config : {}) as { level?: unknown; afterMinutes?: unknown };
  if (typeof level !== 'string' || !LEVELS.includes(level) || typeof afterMinutes !== 'number' || !(afterMinutes > 0) || !Number.isFinite(afterMinutes)) {
    throw new TypeError(`${who}: "reverification" must be 'strict_mfa', 'strict', 'moderate', 'lax' or { level, afterMinutes > 0 }`);
  }
  const fresh = (age: number) => age !== -1 && age < afterMinutes;
  return (c) => {
    if (c.factorVerificationAge === null) return false;
    const [first, second] = c.factorVerificationAge;
    switch (level as ReverificationLevel) {
      case 'first_factor':
        return fresh(first);
      case 'second_factor':
        return second === -1 ? fresh(first) : fresh(second);
      case 'multi_factor':
        return second === -1 ? fresh(first) : fresh(first) && fresh(second);
    }
  };
}
