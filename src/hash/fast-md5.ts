import { md5Blocks1, md5Blocks2 } from './md5-rounds.js';

/** The unrolled rounds read 32-bit words in the platform's order; MD5 wants little-endian. */
export const FAST_MD5_SUPPORTED = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

const INITIAL = Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476);

/** 32-bit words over `blocks` whole blocks of `bytes` from `at`, copied only if misaligned. */
function wordsOf(bytes: Uint8Array, at: number, blocks: number): Int32Array {
  const start = bytes.byteOffset + at;
  if (start % 4 === 0) return new Int32Array(bytes.buffer, start, blocks * 16);
  return new Int32Array(bytes.slice(at, at + blocks * 64).buffer);
}

/**
 * Incremental MD5 in plain JavaScript over the generated rounds. `Md5.updateBoth` feeds two
 * messages at once (two parts, or a part and the whole file) and hashes their common whole
 * blocks interleaved, which is where its speed comes from.
 */
export class Md5 {
  readonly #state = INITIAL.slice();
  readonly #tail = new Uint8Array(64);
  readonly #tailWords = new Int32Array(this.#tail.buffer);
  #tailLength = 0;
  #length = 0;

  update(bytes: Uint8Array): void {
    this.#length += bytes.length;
    this.#rest(bytes, this.#fill(bytes));
  }

  /** Feeds `x` to `a` and `y` to `b`, interleaving the blocks both have in full. */
  static updateBoth(a: Md5, x: Uint8Array, b: Md5, y: Uint8Array): void {
    a.#length += x.length;
    b.#length += y.length;
    let at = a.#fill(x);
    let bt = b.#fill(y);
    const common = a.#tailLength === 0 && b.#tailLength === 0 ? Math.min((x.length - at) >> 6, (y.length - bt) >> 6) : 0;
    if (common > 0) {
      md5Blocks2(a.#state, wordsOf(x, at, common), 0, b.#state, wordsOf(y, bt, common), 0, common);
      at += common * 64;
      bt += common * 64;
    }
    a.#rest(x, at);
    b.#rest(y, bt);
  }

  /** Lowercase hex digest; the instance must not be fed afterwards. */
  digest(): string {
    const bits = this.#length * 8;
    const padding = new Uint8Array(((this.#tailLength < 56 ? 56 : 120) - this.#tailLength) + 8);
    padding[0] = 0x80;
    const view = new DataView(padding.buffer);
    view.setUint32(padding.length - 8, bits >>> 0, true);
    view.setUint32(padding.length - 4, Math.floor(bits / 2 ** 32), true);
    this.#rest(padding, this.#fill(padding));
    let hex = '';
    for (const byte of new Uint8Array(this.#state.buffer)) hex += byte.toString(16).padStart(2, '0');
    return hex;
  }

  /** Completes a partly filled block from the front of `bytes`; returns how much it took. */
  #fill(bytes: Uint8Array): number {
    if (this.#tailLength === 0) return 0;
    const take = Math.min(64 - this.#tailLength, bytes.length);
    this.#tail.set(bytes.subarray(0, take), this.#tailLength);
    this.#tailLength += take;
    if (this.#tailLength === 64) {
      md5Blocks1(this.#state, this.#tailWords, 0, 1);
      this.#tailLength = 0;
    }
    return take;
  }

  /** Hashes the whole blocks of `bytes` from `at` and keeps what is left for later. */
  #rest(bytes: Uint8Array, at: number): void {
    if (this.#tailLength > 0) return;
    const blocks = (bytes.length - at) >> 6;
    if (blocks > 0) md5Blocks1(this.#state, wordsOf(bytes, at, blocks), 0, blocks);
    const left = at + blocks * 64;
    this.#tail.set(bytes.subarray(left), 0);
    this.#tailLength = bytes.length - left;
  }
}
