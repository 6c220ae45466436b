import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Base64url, sha256Bytes, toBase64url } from '../../src/lib/sha256.js';

const nodeDigest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64url');

describe('sha256 (runtime without node:crypto)', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(Buffer.from(sha256Bytes(new TextEncoder().encode('abc'))).toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(Buffer.from(sha256Bytes(new Uint8Array(0))).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('agrees with node:crypto on every length across block boundaries and on random input', () => {
    for (let length = 0; length < 200; length++) {
      const bytes = randomBytes(length);
      expect(toBase64url(sha256Bytes(bytes))).toBe(nodeDigest(bytes));
    }
    const big = randomBytes(10_000);
    expect(toBase64url(sha256Bytes(big))).toBe(nodeDigest(big));
  });

  it('hashes strings as UTF-8 in both paths', () => {
    for (const s of ['token', 'ünïcødé ☃', 'a'.repeat(8192)]) {
      expect(sha256Base64url(s)).toBe(createHash('sha256').update(s, 'utf8').digest('base64url'));
      expect(toBase64url(sha256Bytes(new TextEncoder().encode(s)))).toBe(sha256Base64url(s));
    }
  });
});
