import { shortSha1 } from '../../contracts/short-sha1.js';

/** protocols.md 1.3: the qetag hashes the file in blocks of 4 MiB, as v1 uploads it. */
export const QETAG_BLOCK_SIZE = 4 * 1024 * 1024;

function urlSafeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_');
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * The qetag (protocols.md 1.3) from the SHA-1 of each 4 MiB block, in file order: 0x16 + the
 * SHA-1 for one block (or none), else 0x96 + the SHA-1 of the blocks' SHA-1s. No byte of the
 * file is read again: the block digests were taken while sending.
 */
export function qetagFromBlockSha1s(blockSha1Hex: readonly string[]): string {
  if (blockSha1Hex.length <= 1) {
    const only = blockSha1Hex[0];
    return urlSafeBase64(Uint8Array.of(0x16, ...(only === undefined ? shortSha1(new Uint8Array(0)) : fromHex(only))));
  }
  const all = new Uint8Array(blockSha1Hex.length * 20);
  blockSha1Hex.forEach((hex, i) => all.set(fromHex(hex), i * 20));
  return urlSafeBase64(Uint8Array.of(0x96, ...shortSha1(all)));
}
