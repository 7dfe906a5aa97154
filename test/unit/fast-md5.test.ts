import { expect } from '@esm-bundle/chai';
import SparkMD5 from 'spark-md5';
import { nobleMd5 } from '../../src/hash/digesters.js';
import { Md5 } from '../../src/hash/fast-md5.js';

function bytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i += 1) out[i] = (i * seed + 7) & 255;
  return out;
}

function spark(data: Uint8Array): string {
  const md5 = new SparkMD5.ArrayBuffer();
  md5.append(data.slice().buffer);
  return md5.end();
}

function fast(data: Uint8Array, chunk: number): string {
  const md5 = new Md5();
  for (let at = 0; at < data.length; at += chunk) md5.update(data.subarray(at, at + chunk));
  return md5.digest();
}

describe('fast-md5 (unrolled JavaScript MD5)', () => {
  const vectors: readonly [string, string][] = [
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['12345678901234567890123456789012345678901234567890123456789012345678901234567890', '57edf4a22be3c955ac49da2e2107b67a'],
  ];
  for (const [text, expected] of vectors) {
    it(`reproduces RFC 1321's vector for "${text.slice(0, 20)}"`, () => {
      expect(fast(new TextEncoder().encode(text), 1024)).to.equal(expected);
    });
  }

  const sizes = [55, 56, 63, 64, 65, 127, 128, 4095, 65_537, 1_048_589];
  for (const size of sizes) {
    it(`agrees with spark-md5 on ${size} bytes fed in uneven pieces`, () => {
      const data = bytes(size, 31);

      expect(fast(data, 1000)).to.equal(spark(data));
      expect(fast(data, 3)).to.equal(spark(data.subarray(0, size)));
    });
    it(`agrees with the big-endian fallback (noble's MD5) on ${size} bytes fed in uneven pieces`, () => {
      const data = bytes(size, 31);
      const fallback = nobleMd5();
      for (let at = 0; at < size; at += 777) fallback.update(data.subarray(at, at + 777));

      expect(fallback.digest()).to.equal(spark(data));
    });
  }

  it('hashes two messages fed together, whatever their alignment, as if fed apart', () => {
    const first = bytes(3_000_013, 17);
    const second = bytes(2_500_011, 29);
    const a = new Md5();
    const b = new Md5();
    b.update(second.subarray(0, 5));

    for (let at = 0; at < first.length; at += 65_536) {
      Md5.updateBoth(a, first.subarray(at, at + 65_536), b, second.subarray(5 + at, 5 + at + 65_536));
    }

    expect(a.digest()).to.equal(spark(first));
    expect(b.digest()).to.equal(spark(second));
  });
});
