/** Node's IncomingHttpHeaders or a WHATWG `Headers`. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/** One header's value as a single string (`undefined` when absent), from either shape. */
export function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  if (Array.isArray(value)) return value.join(name === 'cookie' ? '; ' : ', ');
  return value;
}
