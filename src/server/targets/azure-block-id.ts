/**
 * The backend's reading of the block ids the browser's Azure target writes
 * (src/protocols/azure/block-id.ts has the layout and the writer): base64 of 39 bytes, `c` `u`
 * 0x01 · upload id (16 bytes) · part number (uint32, big-endian) · MD5 (16 bytes). Read here
 * again rather than imported, because the server entry ships on its own (dist/server) and never
 * loads browser modules; test/server/azure-server-signer.test.ts checks both sides agree.
 */
const ID_BYTES = 39;
const UPLOAD_ID = /^[0-9a-f]{32}$/;

export interface ListedBlock {
  readonly uploadId: string;
  readonly partNumber: number;
}

export function isAzureUploadId(value: string): boolean {
  return UPLOAD_ID.test(value);
}

/** The upload and part of a block id the browser target wrote; undefined for any other id. */
export function decodeBlockId(blockId: string): ListedBlock | undefined {
  if (!/^[A-Za-z0-9+/]{52}$/.test(blockId)) return undefined;
  const bytes = Buffer.from(blockId, 'base64');
  if (bytes.length !== ID_BYTES || bytes[0] !== 0x63 || bytes[1] !== 0x75 || bytes[2] !== 0x01) return undefined;
  return { uploadId: bytes.subarray(3, 19).toString('hex'), partNumber: bytes.readUInt32BE(19) };
}
