/**
 * The pieces a session token's claims are made of, decoded strictly: comma-separated name lists,
 * scoped lists (`u:`, `o:`, `uo:`, `ou:`), permission bitmasks, factor ages and the actor. Each
 * decoder throws {@link Invalid} on anything malformed; `decodeSessionClaims` turns that into `null`.
 */

/** A feature, plan, permission or role name: no separator (`,` `:`), no whitespace. */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const FPM_VALUE = /^(?:0|[1-9][0-9]{0,30})$/;
/** The most entries any one list claim may hold. */
export const MAX_LIST = 256;
const SCOPES = ['u', 'o', 'uo', 'ou'] as const;
export type Scope = (typeof SCOPES)[number];

/** Thrown by the decoders: the claims are malformed as a whole. */
export class Invalid extends Error {}
export const invalid = (): never => {
  throw new Invalid();
};

export interface Scoped {
  scope: Scope;
  name: string;
}

/** `"u:a,o:b,uo:c"` → entries; the prefix is parsed exactly (a `u:` name containing `o` stays a user value). */
export function scopedList(value: unknown): Scoped[] {
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

export function nameList(value: unknown): string[] {
  if (typeof value !== 'string') return invalid();
  if (value === '') return [];
  const names = value.split(',');
  if (names.length > MAX_LIST || names.some((n) => !NAME.test(n)) || new Set(names).size !== names.length) invalid();
  return names;
}

export function fpmList(value: unknown): bigint[] {
  if (typeof value !== 'string') return invalid();
  if (value === '') return [];
  const parts = value.split(',');
  if (parts.length > MAX_LIST) invalid();
  return parts.map((v) => (FPM_VALUE.test(v) ? BigInt(v) : invalid()));
}

export function decodeFva(value: unknown): readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2) return invalid();
  const [first, second] = value as unknown[];
  if (!isAge(first) || !isAge(second)) invalid();
  return Object.freeze([first, second] as [number, number]);
}

function isAge(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= -1;
}

export function decodeActor(value: unknown): Readonly<{ sub: string } & Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid();
  const sub = (value as { sub?: unknown }).sub;
  if (typeof sub !== 'string' || sub === '' || sub.length > 256) invalid();
  return Object.freeze({ ...(value as { sub: string }) });
}

export function spell(s: Scoped): string {
  return `${s.scope}:${s.name}`;
}

export function withOrgPrefix(role: string): string {
  return role.startsWith('org:') ? role : `org:${role}`;
}

export function freezeList(list: string[]): readonly string[] {
  return Object.freeze(list);
}
