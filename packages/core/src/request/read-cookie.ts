import { isSpace } from './is-space.js';

/**
 * The value of the FIRST cookie called `name` in a `Cookie` header value, or `undefined`.
 * Pairs are separated by `;`; whitespace around names and values is ignored; a value wrapped in
 * double quotes is unwrapped; nothing is percent-decoded (the token alphabet has no `%`).
 * A pair without `=` has an empty name (RFC 6265bis) and never matches.
 */
export function readCookie(header: string, name: string): string | undefined {
  if (header.indexOf(name) === -1) return undefined;
  const length = header.length;
  let start = 0;
  while (start < length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = length;
    const eq = header.indexOf('=', start);
    if (eq !== -1 && eq < end) {
      let nameStart = start;
      let nameEnd = eq;
      while (nameStart < nameEnd && isSpace(header.charCodeAt(nameStart))) nameStart++;
      while (nameEnd > nameStart && isSpace(header.charCodeAt(nameEnd - 1))) nameEnd--;
      if (nameEnd - nameStart === name.length && header.startsWith(name, nameStart)) {
        let valueStart = eq + 1;
        let valueEnd = end;
        while (valueStart < valueEnd && isSpace(header.charCodeAt(valueStart))) valueStart++;
        while (valueEnd > valueStart && isSpace(header.charCodeAt(valueEnd - 1))) valueEnd--;
        if (
          valueEnd - valueStart >= 2 &&
          header.charCodeAt(valueStart) === 0x22 &&
          header.charCodeAt(valueEnd - 1) === 0x22
        ) {
          valueStart++;
          valueEnd--;
        }
        return header.slice(valueStart, valueEnd);
      }
    }
    start = end + 1;
  }
  return undefined;
}
