import { expect } from '@esm-bundle/chai';
import { sha1 } from '@noble/hashes/legacy.js';
import { shortSha1 } from '../../src/contracts/short-sha1.js';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

/** The main thread's SHA-1 (fingerprints, qetag) gives noble's digests, which it replaced: journaled fingerprints stay valid. */
describe('shortSha1', () => {
  it('matches the FIPS 180 test vectors', () => {
    const text = (s: string): string => hex(shortSha1(new TextEncoder().encode(s)));
    expect(text('')).to.equal('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(text('abc')).to.equal('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).to.equal('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
  });

  it('equals noble’s SHA-1 for every length across the padding boundaries, and for 50 kB', () => {
    const lengths = [...Array.from({ length: 200 }, (_, i) => i), 1000, 4095, 4096, 50_000];
    for (const length of lengths) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 255);
      expect(hex(shortSha1(data)), `length ${length}`).to.equal(hex(sha1(data)));
    }
  });
});
