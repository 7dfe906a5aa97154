/**
 * SHA-1 (FIPS 180-4) of a short byte string, on the main thread. The journal's fingerprints hash
 * a line of text there, and Qiniu's qetag the 20-byte digests of its blocks; noble's SHA-1 cost
 * those bundles 4.3 kB minified (1.4 kB min+gzip) for it, with its hash framework. File bytes
 * are hashed in the worker, which keeps noble. Correct for inputs under 512 MiB (the bit length
 * fits 32 bits); these are kilobytes at most.
 */
export function shortSha1(bytes: Uint8Array): Uint8Array {
  const blocks = ((bytes.length + 8) >>> 6) + 1;
  const words = new Uint32Array(blocks * 16);
  bytes.forEach((byte, i) => (words[i >>> 2] = (words[i >>> 2] ?? 0) | (byte << (24 - (i & 3) * 8))));
  words[bytes.length >>> 2] = (words[bytes.length >>> 2] ?? 0) | (0x80 << (24 - (bytes.length & 3) * 8));
  words[blocks * 16 - 1] = bytes.length * 8;
  const h = Uint32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0);
  const w = new Uint32Array(80);
  const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n));
  for (let block = 0; block < words.length; block += 16) {
    for (let t = 0; t < 80; t += 1) {
      w[t] = t < 16 ? (words[block + t] ?? 0) : rotl((w[t - 3] ?? 0) ^ (w[t - 8] ?? 0) ^ (w[t - 14] ?? 0) ^ (w[t - 16] ?? 0), 1);
    }
    let [a = 0, b = 0, c = 0, d = 0, e = 0] = h;
    for (let t = 0; t < 80; t += 1) {
      const f = t < 20 ? (b & c) | (~b & d) : t >= 40 && t < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      const k = t < 20 ? 0x5a827999 : t < 40 ? 0x6ed9eba1 : t < 60 ? 0x8f1bbcdc : 0xca62c1d6;
      const next = (rotl(a, 5) + f + e + k + (w[t] ?? 0)) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = next;
    }
    [a, b, c, d, e].forEach((value, i) => (h[i] = (h[i] ?? 0) + value));
  }
  const out = new Uint8Array(20);
  h.forEach((word, i) => out.set([word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff], i * 4));
  return out;
}
