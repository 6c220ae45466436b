import type { HeaderBag } from './input.js';

type HeaderValue = string | readonly string[] | undefined;

/**
 * One header from a {@link HeaderBag}. `name` must be lower case. Plain objects are looked up by
 * the lower-case key first (Node always lower-cases); only when that is absent are other keys
 * compared case-insensitively, so a hand-built `{ Cookie: '…' }` works too. Values that are
 * neither strings nor arrays of strings are ignored.
 */
export function readHeader(bag: HeaderBag | null | undefined, name: string): HeaderValue {
  if (bag === null || typeof bag !== 'object') return undefined;
  if (typeof (bag as Headers).get === 'function') {
    const value = (bag as Headers).get(name);
    return value === null ? undefined : value;
  }
  const record = bag as Record<string, unknown>;
  let value = record[name];
  if (value === undefined) {
    for (const key in record) {
      if (key.length === name.length && key !== name && key.toLowerCase() === name) {
        value = record[key];
        break;
      }
    }
  }
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item !== 'string') return undefined;
    return value as string[];
  }
  return undefined;
}
