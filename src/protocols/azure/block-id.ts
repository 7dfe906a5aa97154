/**
 * Block ids of one upload (Azure Put Block, `blockid`): base64 of 39 bytes, so every id of every
 * upload has the same length (the service refuses a blob whose ids differ in length) and needs no
 * `=` padding. The bytes are a marker, a version, the upload id, the part number and the part's
 * MD5: a block listed on resume says which upload and part it belongs to and which bytes the
 * service checked against Content-MD5, because Get Block List reports no digest of its own.
 *
 * Layout: `c` `u` 0x01 · upload id (16 bytes) · part number (uint32, big-endian) · MD5 (16 bytes,
 * zeros when integrity checks are off).
 */

const MARKER = [0x63, 0x75, 0x01] as const;
const ID_BYTES = 39;
const UPLOAD_ID = /^[0-9a-f]{32}$/;
const MD5_HEX = /^[0-9a-f]{32}$/;
const NO_MD5 = '0'.repeat(32);

export interface BlockIdParts {
  /** 32 lowercase hex digits (16 random bytes, chosen by the backend at initiate). */
  readonly uploadId: string;
  /** 1..50 000. */
  readonly partNumber: number;
  /** Lowercase hex MD5 of the block's bytes; undefined when it was not sent. */
  readonly md5Hex?: string;
}

export function isAzureUploadId(value: string): boolean {
  return UPLOAD_ID.test(value);
}

export function encodeBlockId(parts: BlockIdParts): string {
  if (!UPLOAD_ID.test(parts.uploadId)) throw new RangeError('an Azure upload id is 32 lowercase hex digits');
  if (!Number.isInteger(parts.partNumber) || parts.partNumber < 0 || parts.partNumber > 0xffffffff) {
    throw new RangeError('a part number must be an unsigned 32-bit integer');
  }
  const md5 = parts.md5Hex ?? NO_MD5;
  if (!MD5_HEX.test(md5)) throw new RangeError('an MD5 is 32 lowercase hex digits');
  const bytes = new Uint8Array(ID_BYTES);
  bytes.set(MARKER, 0);
  bytes.set(hexBytes(parts.uploadId), 3);
  new DataView(bytes.buffer).setUint32(19, parts.partNumber);
  bytes.set(hexBytes(md5), 23);
  return toBase64(bytes);
}

/** The parts of a block id this module wrote; undefined for any other id. */
export function decodeBlockId(blockId: string): BlockIdParts | undefined {
  const bytes = fromBase64(blockId);
  if (bytes === undefined || bytes.length !== ID_BYTES || MARKER.some((byte, i) => bytes[i] !== byte)) return undefined;
  const md5 = hex(bytes.subarray(23, 39));
  return {
    uploadId: hex(bytes.subarray(3, 19)),
    partNumber: new DataView(bytes.buffer, bytes.byteOffset).getUint32(19),
    ...(md5 === NO_MD5 ? {} : { md5Hex: md5 }),
  };
}

function hexBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}
