/**
 * SHA-1 that can start from an intermediate state, which is what COS v4's `uploadparts` give
 * (protocols.md 4.1): each entry is the state after a slice, as five little-endian words. With
 * the state after slice i-1, slice i can be checked on its own, in any order. Node's crypto
 * cannot load a state, so this is a plain implementation of FIPS 180-4 SHA-1.
 */

const INITIAL = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0] as const;

export class ResumableSha1 {
  readonly #h: Uint32Array;
  readonly #w = new Uint32Array(80);
  readonly #block = new Uint8Array(64);
  #inBlock = 0;
  /** Bytes hashed so far, counting those before the loaded state. */
  #length: number;

  /** Starts fresh, or from a COS state (40 hex, little-endian words) after `offset` bytes. */
  constructor(state?: { readonly cosHex: string; readonly offset: number }) {
    if (state === undefined) {
      this.#h = Uint32Array.from(INITIAL);
      this.#length = 0;
      return;
    }
    if (!/^[0-9a-f]{40}$/i.test(state.cosHex) || state.offset % 64 !== 0) throw new Error('a SHA-1 state needs 40 hex digits at a 64-byte boundary');
    const bytes = Buffer.from(state.cosHex, 'hex');
    this.#h = new Uint32Array(5);
    for (let i = 0; i < 5; i += 1) this.#h[i] = bytes.readUInt32LE(i * 4);
    this.#length = state.offset;
  }

  update(data: Uint8Array): this {
    let offset = 0;
    this.#length += data.length;
    while (offset < data.length) {
      const take = Math.min(64 - this.#inBlock, data.length - offset);
      this.#block.set(data.subarray(offset, offset + take), this.#inBlock);
      this.#inBlock += take;
      offset += take;
      if (this.#inBlock === 64) {
        this.#compress(this.#block);
        this.#inBlock = 0;
      }
    }
    return this;
  }

  /** The running state as COS writes it; only meaningful at a 64-byte boundary. */
  cosState(): string {
    if (this.#inBlock !== 0) throw new Error('the SHA-1 state is defined only at a 64-byte boundary');
    const out = Buffer.alloc(20);
    for (let i = 0; i < 5; i += 1) out.writeUInt32LE(this.#h[i] ?? 0, i * 4);
    return out.toString('hex');
  }

  /** The final digest (big-endian hex), padding with the total length. */
  digestHex(): string {
    const bits = BigInt(this.#length) * 8n;
    const tail = new Uint8Array(((this.#inBlock + 9 + 63) >> 6) * 64 - this.#inBlock);
    tail[0] = 0x80;
    new DataView(tail.buffer).setBigUint64(tail.length - 8, bits);
    const length = this.#length;
    this.update(tail);
    this.#length = length;
    const out = Buffer.alloc(20);
    for (let i = 0; i < 5; i += 1) out.writeUInt32BE(this.#h[i] ?? 0, i * 4);
    return out.toString('hex');
  }

  #compress(block: Uint8Array): void {
    const w = this.#w;
    for (let i = 0; i < 16; i += 1) {
      w[i] = ((block[i * 4] ?? 0) << 24) | ((block[i * 4 + 1] ?? 0) << 16) | ((block[i * 4 + 2] ?? 0) << 8) | (block[i * 4 + 3] ?? 0);
    }
    for (let i = 16; i < 80; i += 1) {
      const x = (w[i - 3] ?? 0) ^ (w[i - 8] ?? 0) ^ (w[i - 14] ?? 0) ^ (w[i - 16] ?? 0);
      w[i] = (x << 1) | (x >>> 31);
    }
    const h = this.#h;
    let a = h[0] ?? 0;
    let b = h[1] ?? 0;
    let c = h[2] ?? 0;
    let d = h[3] ?? 0;
    let e = h[4] ?? 0;
    for (let i = 0; i < 80; i += 1) {
      const f = i < 20 ? (b & c) | (~b & d) : i < 40 ? b ^ c ^ d : i < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      const k = i < 20 ? 0x5a827999 : i < 40 ? 0x6ed9eba1 : i < 60 ? 0x8f1bbcdc : 0xca62c1d6;
      const t = (((a << 5) | (a >>> 27)) + f + e + k + (w[i] ?? 0)) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    h[0] = (h[0] ?? 0) + a;
    h[1] = (h[1] ?? 0) + b;
    h[2] = (h[2] ?? 0) + c;
    h[3] = (h[3] ?? 0) + d;
    h[4] = (h[4] ?? 0) + e;
  }
}
