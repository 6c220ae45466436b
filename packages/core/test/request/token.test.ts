import { describe, expect, it } from 'vitest';
import { isWellFormedToken, MAX_TOKEN_LENGTH } from '../../src/request/token.js';

// The token's shape, stated independently of how isWellFormedToken checks it.
const ALPHABET = new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~+/=-');
const wellFormed = (token: string) => token.length >= 1 && token.length <= MAX_TOKEN_LENGTH && [...token].every((ch) => ALPHABET.has(ch));

describe('isWellFormedToken', () => {
  it.each([
    ['a JWT', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl', true],
    ['the whole alphabet', 'AZaz09._~+/=-', true],
    ['empty', '', false],
    ['a trailing newline', 'abc\n', false],
    ['a leading newline', '\nabc', false],
    ['a NUL', 'ab\u0000c', false],
    ['a space', 'ab c', false],
    ['non-ASCII', 'abcé', false],
    ['an astral character', 'ab\u{1F600}', false],
    ['the longest', 'a'.repeat(MAX_TOKEN_LENGTH), true],
    ['one too long', 'a'.repeat(MAX_TOKEN_LENGTH + 1), false],
  ])('%s', (_name, token, expected) => {
    expect(isWellFormedToken(token)).toBe(expected);
  });

  it('agrees with the alphabet on random strings (seeded)', () => {
    const pool = 'Aa0._~+/=-<> ,;%"\\\n\r\t\u0000é\u2028';
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 3000; i++) {
      const length = next() % 12;
      let token = '';
      // mostly valid characters, so that valid tokens come up too
      for (let j = 0; j < length; j++) token += next() % 4 === 0 ? pool[next() % pool.length] : pool[next() % 10];
      expect(isWellFormedToken(token), JSON.stringify(token)).toBe(wellFormed(token));
    }
  });
});
