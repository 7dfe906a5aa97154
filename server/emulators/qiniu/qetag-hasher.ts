import { createHash, type Hash } from 'node:crypto';
import CRC32 from 'crc-32';
import { BLOCK_SIZE } from './blocks.js';

/** Hashes the file per 4 MiB block as it streams (the qetag's parts) and its CRC-32. */
export function fileHasher(): { update(chunk: Buffer): void; finish(): { crc32: number; blockSha1s: Buffer[] } } {
  const blockSha1s: Buffer[] = [];
  let block: Hash = createHash('sha1');
  let inBlock = 0;
  let crc = 0;
  return {
    update(chunk) {
      crc = CRC32.buf(chunk, crc);
      for (let at = 0; at < chunk.length; ) {
        const take = Math.min(BLOCK_SIZE - inBlock, chunk.length - at);
        block.update(chunk.subarray(at, at + take));
        inBlock += take;
        at += take;
        if (inBlock === BLOCK_SIZE) {
          blockSha1s.push(block.digest());
          block = createHash('sha1');
          inBlock = 0;
        }
      }
    },
    finish() {
      if (inBlock > 0) blockSha1s.push(block.digest());
      return { crc32: crc >>> 0, blockSha1s };
    },
  };
}

