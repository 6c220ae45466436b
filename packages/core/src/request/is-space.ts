/** A space or a horizontal tab: the optional whitespace (OWS) of HTTP header values. */
export function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}
