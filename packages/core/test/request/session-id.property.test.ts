import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MALFORMED_SESSION_ID, readSessionId, SESSION_ID_PARAM, SESSION_ID_PATTERN } from '../../src/request/session-id.js';

// readSessionId has a fast path for plain queries (no %, +, tab or newline) and a general path
// that decodes like URLSearchParams. Both must agree with this reference, written the obvious way
// on top of URLSearchParams, for every URL built from the pieces that matter.

function reference(url: string): string | null | typeof MALFORMED_SESSION_ID {
  const q = url.indexOf('?');
  if (q === -1) return null;
  const hash = url.indexOf('#');
  if (hash !== -1 && hash < q) return null;
  const query = url.slice(q + 1, hash === -1 ? undefined : hash).replace(/[\t\n\r]/g, '');
  const values: string[] = [];
  // '&' first: URLSearchParams drops a leading '?' of its input, the URL parser keeps it in the query
  for (const [key, value] of new URLSearchParams(`&${query}`)) {
    if (key === SESSION_ID_PARAM) values.push(value);
    else if (key.startsWith(`${SESSION_ID_PARAM}[`) || key.startsWith(`${SESSION_ID_PARAM}.`)) return MALFORMED_SESSION_ID;
  }
  if (values.length === 0) return null;
  if (values.length > 1 || !SESSION_ID_PATTERN.test(values[0]!)) return MALFORMED_SESSION_ID;
  return values[0]!;
}

const PIECES = [
  '?', '&', '&&', '=', '#', SESSION_ID_PARAM, `x${SESSION_ID_PARAM}`, `${SESSION_ID_PARAM}x`, '[', ']', '.', '[]',
  'sess_abc', 'sess_AbC_9', 'sess_', 'sess', '../x', '/', '%5F', '%5f', '%73', '%', '%2', '%zz', '+', '%20', '\t', '\n',
  'a', '1', '_', 'clerk', '_session_id', 'é', '%C3%A9',
];

describe('readSessionId', () => {
  it('agrees with a URLSearchParams reference on plain and encoded queries', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }), (pieces) => {
        const url = `/api/me${pieces.join('')}`;
        expect(readSessionId(url)).toBe(reference(url));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees with it on the usual shapes, where the fast path answers', () => {
    for (const url of [
      '/me', '/me?', '/me?a=1', `/me?${SESSION_ID_PARAM}=sess_a`, `/me?a=1&${SESSION_ID_PARAM}=sess_a&b=2`,
      `/me?${SESSION_ID_PARAM}=sess_a&${SESSION_ID_PARAM}=sess_a`, `/me?${SESSION_ID_PARAM}`, `/me?${SESSION_ID_PARAM}=`,
      `/me?${SESSION_ID_PARAM}[]=sess_a`, `/me?${SESSION_ID_PARAM}.x=sess_a`, `/me?a=${SESSION_ID_PARAM}=sess_a`,
      `/me?${SESSION_ID_PARAM}x=1&${SESSION_ID_PARAM}=sess_b`, `/me?${SESSION_ID_PARAM}=sess_a#x`, `/me#?${SESSION_ID_PARAM}=x`,
      `https://h.test/me?${SESSION_ID_PARAM}=sess_${'a'.repeat(129)}`,
    ]) {
      expect(readSessionId(url), url).toBe(reference(url));
    }
  });
});
