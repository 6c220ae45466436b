/** The query parameter that names the session to verify. */
export const SESSION_ID_PARAM = '_clerk_session_id';

/** Allow-list for session ids, checked before any network call. */
export const SESSION_ID_PATTERN = /^sess_[A-Za-z0-9_]{1,128}$/;

/** The `_clerk_session_id` parameter is present but unusable (see {@link readSessionId}). */
export const MALFORMED_SESSION_ID: unique symbol = Symbol('malformed-session-id');

/**
 * The `_clerk_session_id` of a URL (absolute, or a path with a query). Only the query is read:
 * from the first `?` to the first `#`, split on `&` like `URLSearchParams`, keys and values
 * decoded once exactly as `URLSearchParams` decodes them (tabs and newlines removed first, as the
 * WHATWG URL parser does). Never throws.
 *
 * - no such parameter -> `null` (last-active mode);
 * - exactly one, non-empty, and its decoded value matches {@link SESSION_ID_PATTERN} -> the id;
 * - repeated, empty, a qs-style array or object key (`_clerk_session_id[]`, `_clerk_session_id[a]`,
 *   `_clerk_session_id.x`), or a value outside the allow-list (over-long, path-like, whitespace,
 *   NUL, non-ASCII, anything still encoded after one decoding) -> {@link MALFORMED_SESSION_ID}.
 */
export function readSessionId(url: string): string | null | typeof MALFORMED_SESSION_ID {
  const q = url.indexOf('?');
  if (q === -1) return null;
  const hash = url.indexOf('#');
  if (hash !== -1 && hash < q) return null;
  const queryEnd = hash === -1 ? url.length : hash;
  if (isPlain(url, q + 1, queryEnd)) return readPlain(url, q + 1, queryEnd);
  let query = url.slice(q + 1, queryEnd);
  if (TAB_OR_NEWLINE.test(query)) query = query.replace(TAB_OR_NEWLINE_ALL, '');

  let found: string | undefined;
  const length = query.length;
  let start = 0;
  while (start < length) {
    let end = query.indexOf('&', start);
    if (end === -1) end = length;
    if (end > start) {
      let eq = query.indexOf('=', start);
      if (eq === -1 || eq > end) eq = end;
      const key = decodeComponent(query.slice(start, eq));
      if (key.startsWith(SESSION_ID_PARAM)) {
        if (key.length === SESSION_ID_PARAM.length) {
          if (found !== undefined) return MALFORMED_SESSION_ID;
          found = eq < end ? decodeComponent(query.slice(eq + 1, end)) : '';
          if (!SESSION_ID_PATTERN.test(found)) return MALFORMED_SESSION_ID;
        } else {
          const next = key.charCodeAt(SESSION_ID_PARAM.length);
          if (next === 0x5b /* [ */ || next === 0x2e /* . */) return MALFORMED_SESSION_ID;
        }
      }
    }
    start = end + 1;
  }
  return found ?? null;
}

/** No `%`, `+`, tab or newline in `url[from, end)`: nothing to decode or strip, keys are literal. */
function isPlain(url: string, from: number, end: number): boolean {
  NEEDS_DECODING.lastIndex = from;
  if (!NEEDS_DECODING.test(url)) return true;
  return NEEDS_DECODING.lastIndex > end; // the first such character is in the fragment
}

const NEEDS_DECODING = /[%+\t\n\r]/g;

/**
 * The rules of {@link readSessionId} for a plain query (see {@link isPlain}), without slicing
 * every key: each occurrence of the name that starts a pair is looked at where it stands.
 */
function readPlain(url: string, from: number, end: number): string | null | typeof MALFORMED_SESSION_ID {
  let found: string | undefined;
  let at = url.indexOf(SESSION_ID_PARAM, from);
  while (at !== -1 && at < end) {
    const after = at + SESSION_ID_PARAM.length;
    // only a key: the name right after `?` or `&` (elsewhere it is inside another key or a value)
    if (at === from || url.charCodeAt(at - 1) === 0x26 /* & */) {
      const next = after < end ? url.charCodeAt(after) : 0x26;
      if (next === 0x3d /* = */) {
        if (found !== undefined) return MALFORMED_SESSION_ID;
        let valueEnd = url.indexOf('&', after + 1);
        if (valueEnd === -1 || valueEnd > end) valueEnd = end;
        found = url.slice(after + 1, valueEnd);
        if (!SESSION_ID_PATTERN.test(found)) return MALFORMED_SESSION_ID;
      } else if (next === 0x26 /* & or the end: no value */ || next === 0x5b /* [ */ || next === 0x2e /* . */) {
        return MALFORMED_SESSION_ID;
      }
      // any other character: a longer key (`_clerk_session_idx`), not ours
    }
    at = url.indexOf(SESSION_ID_PARAM, after);
  }
  return found ?? null;
}

const TAB_OR_NEWLINE = /[\t\n\r]/;
const TAB_OR_NEWLINE_ALL = /[\t\n\r]/g;

/** Decodes one `application/x-www-form-urlencoded` component exactly like `URLSearchParams`. */
function decodeComponent(raw: string): string {
  if (raw.indexOf('%') === -1 && raw.indexOf('+') === -1) return raw;
  return new URLSearchParams(`k=${raw}`).get('k') ?? '';
}
