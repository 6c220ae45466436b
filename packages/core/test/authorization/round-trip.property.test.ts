import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSessionClaims } from '../../src/authorization/session-claims.js';

// fast-check is already a devDependency of the core (and of suites/security).
const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);

/** The hosted service's encoding: `per` lists every permission used, `fpm` one bitmask per organization feature. */
function encode(role: string, grants: Map<string, Set<string>>, userFeatures: string[]) {
  const per = [...new Set([...grants.values()].flatMap((s) => [...s]))];
  const orgFeatures = [...grants.keys()];
  const fpm = orgFeatures.map((f) => per.reduce((mask, p, bit) => (grants.get(f)!.has(p) ? mask | (1n << BigInt(bit)) : mask), 0n).toString());
  // user features interleaved before the org ones: they must not take an fpm slot
  const fea = [...userFeatures.map((f) => `u:${f}`), ...orgFeatures.map((f) => `o:${f}`)].join(',');
  return { v: 2, fea, o: { id: 'org_prop', rol: role, per: per.join(','), fpm: fpm.join(',') } };
}

describe('o / fea / fpm round trip', () => {
  it('decodes exactly the role, permissions and features that were encoded', () => {
    const grantsArb = fc.uniqueArray(fc.tuple(name, fc.uniqueArray(name, { maxLength: 30 })), { selector: ([f]) => f, maxLength: 8 });
    fc.assert(
      fc.property(name, grantsArb, fc.uniqueArray(name, { maxLength: 4 }), (role, entries, userFeatures) => {
        const grants = new Map(entries.map(([f, ps]) => [f, new Set(ps)]));
        const decoded = decodeSessionClaims(encode(role, grants, userFeatures));
        expect(decoded).not.toBeNull();
        expect(decoded!.orgRole).toBe(`org:${role}`);
        const expected = [...grants].flatMap(([f, ps]) => [...ps].map((p) => `org:${f}:${p}`));
        expect(new Set(decoded!.orgPermissions)).toEqual(new Set(expected));
        expect(decoded!.orgPermissions).toHaveLength(expected.length);
        expect(decoded!.features).toEqual([...userFeatures.map((f) => `u:${f}`), ...[...grants.keys()].map((f) => `o:${f}`)]);
      }),
      { numRuns: 300, seed: 19 },
    );
  });
});
