import { readHeader, type HeaderBag } from '@sessiongate/core/adapter';

/**
 * One header as a single string (`undefined` when absent), read by the core's `readHeader`:
 * repeated values are joined as Node joins them (`; ` for `cookie`, `, ` otherwise).
 */
export function headerText(headers: HeaderBag, name: string): string | undefined {
  const value = readHeader(headers, name);
  return typeof value === 'string' || value === undefined ? value : value.join(name === 'cookie' ? '; ' : ', ');
}
