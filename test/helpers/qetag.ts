import { sha1 } from '@noble/hashes/legacy.js';
import { qetagFromBlockSha1s } from '../../src/protocols/qiniu/qetag.js';

const BLOCK = 4 * 1024 * 1024;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Qiniu's etag of a Blob, computed in the page independently of the hash worker. */
export async function qetag(blob: Blob): Promise<string> {
  const blocks: string[] = [];
  for (let offset = 0; offset < blob.size; offset += BLOCK) {
    blocks.push(hex(sha1(new Uint8Array(await blob.slice(offset, offset + BLOCK).arrayBuffer()))));
  }
  return qetagFromBlockSha1s(blocks);
}
