import CRC32 from 'crc-32';
import { _SHA1, md5 as nobleMd5Hash, sha1 } from '@noble/hashes/legacy.js';
import type { FileDigestRequest, FileDigests, RangeAlgorithm, RangeDigests, RangeOptions } from '../contracts/protocol.js';
import { FAST_MD5_SUPPORTED, Md5 } from './fast-md5.js';

/**
 * Incremental digests over bytes fed in order. The MD5 implementation is pluggable: the
 * unrolled JavaScript MD5 where the platform is little-endian, noble's elsewhere (the module
 * already brings SHA-1, so the fallback costs the worker few bytes; spark-md5 cost 2.5 kB gzip).
 */
export interface Md5State {
  update(bytes: Uint8Array): void;
  /** Lowercase hex. */
  digest(): string;
  /** The fast implementation behind this state, when it is one (it can pair with another). */
  readonly md5?: Md5;
}

export type Md5Factory = () => Md5State;

/** noble's MD5: slower, correct on any byte order. */
export const nobleMd5: Md5Factory = () => {
  const state = nobleMd5Hash.create();
  return { update: (bytes) => void state.update(bytes), digest: () => toHex(state.digest()) };
};

/** The unrolled JavaScript MD5 (fast-md5.ts): no WebAssembly, so it runs under any CSP. */
export const fastMd5: Md5Factory = () => {
  const md5 = new Md5();
  return { update: (bytes) => md5.update(bytes), digest: () => md5.digest(), md5 };
};

/** The MD5 a worker uses unless told otherwise. */
export const defaultMd5: Md5Factory = FAST_MD5_SUPPORTED ? fastMd5 : nobleMd5;

const QETAG_BLOCK = 4 * 1024 * 1024;

export function hexToBase64(hex: string): string {
  let binary = '';
  for (let i = 0; i < hex.length; i += 2) binary += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return btoa(binary);
}

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

function urlSafeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_');
}

/** COS v4 writes each 32-bit SHA-1 state word as the hex of its little-endian bytes (4.1). */
function cosStateHex(words: readonly number[]): string {
  return words
    .map((word) => {
      const w = word >>> 0;
      return [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24].map((b) => b.toString(16).padStart(2, '0')).join('');
    })
    .join('');
}

export interface Digester<R> {
  update(bytes: Uint8Array): void;
  finish(): R;
}

export function rangeDigester(algorithms: readonly RangeAlgorithm[], md5: Md5Factory, options: RangeOptions = {}): Digester<RangeDigests> {
  const m = algorithms.includes('md5') ? md5() : undefined;
  const s = algorithms.includes('sha1') ? sha1.create() : undefined;
  let crc: number | undefined = algorithms.includes('crc32') ? 0 : undefined;
  const every = options.crc32Every;
  const runs: number[] = [];
  let run = 0;
  let inRun = 0;
  return {
    update(bytes) {
      m?.update(bytes);
      s?.update(bytes);
      if (crc !== undefined) crc = CRC32.buf(bytes, crc);
      if (every === undefined) return;
      for (let offset = 0; offset < bytes.length; ) {
        const take = Math.min(every - inRun, bytes.length - offset);
        run = CRC32.buf(bytes.subarray(offset, offset + take), run);
        inRun += take;
        offset += take;
        if (inRun === every) {
          runs.push(run >>> 0);
          run = 0;
          inRun = 0;
        }
      }
    },
    finish() {
      const md5Hex = m?.digest();
      if (every !== undefined && inRun > 0) runs.push(run >>> 0);
      return {
        ...(md5Hex === undefined ? {} : { md5Hex, md5Base64: hexToBase64(md5Hex) }),
        ...(crc === undefined ? {} : { crc32: crc >>> 0 }),
        ...(every === undefined ? {} : { crc32s: runs }),
        ...(s === undefined ? {} : { sha1Hex: toHex(s.digest()) }),
      };
    },
  };
}

export function fileDigester(request: FileDigestRequest, md5: Md5Factory): Digester<FileDigests> {
  const m = request.md5 === true ? md5() : undefined;
  const qetag = request.qetag === true ? qetagDigester() : undefined;
  const slices = request.sha1Slices === undefined ? undefined : sha1SliceDigester(request.sha1Slices);
  return {
    update(bytes) {
      m?.update(bytes);
      qetag?.update(bytes);
      slices?.update(bytes);
    },
    finish() {
      const md5Hex = m?.digest();
      const sliced = slices?.finish();
      return {
        ...(md5Hex === undefined ? {} : { md5Hex }),
        ...(qetag === undefined ? {} : { qetag: qetag.finish() }),
        ...(sliced === undefined ? {} : { sha1Hex: sliced.sha1Hex, sha1States: sliced.states }),
      };
    },
  };
}

/** Qiniu etag: 0x16 + SHA-1 for ≤ 4 MiB, else 0x96 + SHA-1 of the 4 MiB blocks' SHA-1s. */
function qetagDigester(): Digester<string> {
  const blocks: Uint8Array[] = [];
  let current = sha1.create();
  let inBlock = 0;
  return {
    update(bytes) {
      let offset = 0;
      while (offset < bytes.length) {
        const take = Math.min(QETAG_BLOCK - inBlock, bytes.length - offset);
        current.update(bytes.subarray(offset, offset + take));
        inBlock += take;
        offset += take;
        if (inBlock === QETAG_BLOCK) {
          blocks.push(current.digest());
          current = sha1.create();
          inBlock = 0;
        }
      }
    },
    finish() {
      if (inBlock > 0 || blocks.length === 0) blocks.push(current.digest());
      const [only] = blocks;
      if (blocks.length === 1 && only !== undefined) return urlSafeBase64(Uint8Array.of(0x16, ...only));
      const all = new Uint8Array(blocks.length * 20);
      blocks.forEach((block, i) => all.set(block, i * 20));
      return urlSafeBase64(Uint8Array.of(0x96, ...sha1(all)));
    },
  };
}

/** noble's SHA-1 with its running state readable, which COS v4's `uploadparts` needs. */
class StatefulSha1 extends _SHA1 {
  state(): number[] {
    return this.get();
  }
}

function sha1SliceDigester(sliceSize: number): Digester<{ sha1Hex: string; states: string[] }> {
  if (sliceSize <= 0 || sliceSize % 64 !== 0) throw new Error(`SHA-1 slice size must be a positive multiple of 64; got ${sliceSize}`);
  const hash = new StatefulSha1();
  const states: string[] = [];
  let inSlice = 0;
  return {
    update(bytes) {
      let offset = 0;
      while (offset < bytes.length) {
        const take = Math.min(sliceSize - inSlice, bytes.length - offset);
        hash.update(bytes.subarray(offset, offset + take));
        inSlice += take;
        offset += take;
        if (inSlice === sliceSize) {
          states.push(cosStateHex(hash.state()));
          inSlice = 0;
        }
      }
    },
    finish() {
      const final = toHex(hash.digest());
      // The last slice is reported as the plain digest, whether or not it was full.
      if (inSlice === 0 && states.length > 0) states[states.length - 1] = final;
      else states.push(final);
      return { sha1Hex: final, states };
    },
  };
}
