import { describe, expect, it } from 'vitest';
import { TokenCache } from '../../src/jwt/token-cache.js';
import type { VerifiedToken } from '../../src/jwt/verified-token.js';

const verified = (sid: string, exp = 2_000): VerifiedToken => ({ sid, sub: `user_${sid}`, iat: 1_000, exp, nbf: undefined, kid: undefined, azp: undefined, claims: {}, decoded: {} as VerifiedToken['decoded'] });
// two tokens with the same last 64 characters (the map's key) but different payloads
const tail = 'S'.repeat(64);
const a = `header.payloadA.${tail}`;
const b = `header.payloadB.${tail}`;

describe('TokenCache', () => {
  it('a hit is only the very token that was stored, never one that shares its key', () => {
    const cache = new TokenCache(10);
    cache.set(a, verified('a'), 1_500);
    expect(cache.get(a)?.sid).toBe('a');
    expect(cache.get(`${a}`.slice(0))?.sid).toBe('a');
    expect(cache.get(b)).toBeUndefined();
    // deleting another token with the same key leaves the entry alone
    cache.delete(b);
    expect(cache.get(a)?.sid).toBe('a');
    cache.delete(a);
    expect(cache.get(a)).toBeUndefined();
  });

  it('a verified token with the same key takes the entry over', () => {
    const cache = new TokenCache(10);
    cache.set(a, verified('a'), 1_500);
    cache.set(b, verified('b'), 1_500);
    expect(cache.get(b)?.sid).toBe('b');
    expect(cache.get(a)).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('short tokens are keyed whole; the oldest entry goes first past max; expired ones are swept', () => {
    const cache = new TokenCache(2);
    cache.set('t1', verified('1', 1_100), 1_000);
    cache.set('t2', verified('2'), 1_000);
    cache.set('t3', verified('3'), 1_000);
    expect([cache.get('t1'), cache.get('t2')?.sid, cache.get('t3')?.sid]).toEqual([undefined, '2', '3']);
    const sweep = new TokenCache(10);
    sweep.set('old', verified('old', 1_100), 1_000);
    sweep.set('new', verified('new'), 1_200);
    expect([sweep.get('old'), sweep.get('new')?.sid]).toEqual([undefined, 'new']);
  });
});
