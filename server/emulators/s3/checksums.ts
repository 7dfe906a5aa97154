import { AwsCrc32 } from '@aws-crypto/crc32';
import { AwsCrc32c } from '@aws-crypto/crc32c';
import { Crc64Nvme } from '@aws-sdk/checksums/crc';
import { createHash } from 'node:crypto';

/**
 * S3's additional checksums (protocols.md 5.5): the five algorithms, their header and XML
 * names, and hashers from npm libraries. CRC32 and CRC32C come from @aws-crypto, a code base
 * apart from the SDK's own; CRC64NVME only exists in the SDK's checksums package.
 */

export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** How each algorithm's digest is sized: a header value must decode to exactly this many bytes. */
const DIGEST_BYTES: Readonly<Record<ChecksumAlgorithm, number>> = { crc32: 4, crc32c: 4, crc64nvme: 8, sha1: 20, sha256: 32 };

/** COMPOSITE: a checksum of the part checksums; FULL_OBJECT: a checksum of the whole object's bytes. */
export type ChecksumType = 'COMPOSITE' | 'FULL_OBJECT';

export interface Checksummer {
  update(chunk: Uint8Array): void;
  /** The raw digest. */
  digest(): Promise<Buffer>;
}

/** A case-insensitive algorithm name (`CRC32`, `crc32`) → the algorithm; undefined when unknown. */
export function parseAlgorithm(name: string | undefined): ChecksumAlgorithm | undefined {
  const lower = name?.trim().toLowerCase();
  return CHECKSUM_ALGORITHMS.find((algorithm) => algorithm === lower);
}

export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm}`;
}

/** `ChecksumCRC32`, `ChecksumCRC64NVME`, … as S3's XML and the SDK's shapes name them. */
export function checksumElement(algorithm: ChecksumAlgorithm): string {
  return `Checksum${algorithm.toUpperCase()}`;
}

/** A header value is valid when it is the canonical base64 of a digest of the right size. */
export function isChecksumValue(algorithm: ChecksumAlgorithm, value: string): boolean {
  const raw = Buffer.from(value, 'base64');
  return raw.length === DIGEST_BYTES[algorithm] && raw.toString('base64') === value;
}

function nodeHash(name: 'sha1' | 'sha256'): Checksummer {
  const hash = createHash(name);
  return {
    update: (chunk) => hash.update(chunk),
    digest: () => Promise.resolve(hash.digest()),
  };
}

function sdkChecksum(checksum: { update(data: Uint8Array): void; digest(): Promise<Uint8Array> }): Checksummer {
  return {
    update: (chunk) => checksum.update(chunk),
    digest: async () => Buffer.from(await checksum.digest()),
  };
}

export function createChecksummer(algorithm: ChecksumAlgorithm): Checksummer {
  switch (algorithm) {
    case 'crc32':
      return sdkChecksum(new AwsCrc32());
    case 'crc32c':
      return sdkChecksum(new AwsCrc32c());
    case 'crc64nvme':
      return sdkChecksum(new Crc64Nvme());
    case 'sha1':
    case 'sha256':
      return nodeHash(algorithm);
  }
}

/** The base64 checksum of data already in memory. */
export async function checksumOf(algorithm: ChecksumAlgorithm, data: Uint8Array): Promise<string> {
  const checksummer = createChecksummer(algorithm);
  checksummer.update(data);
  return (await checksummer.digest()).toString('base64');
}

/** Which checksum types an algorithm allows (AWS "Checking object integrity"; see protocols.md 5.5). */
export function allowsType(algorithm: ChecksumAlgorithm, type: ChecksumType): boolean {
  if (algorithm === 'crc64nvme') return type === 'FULL_OBJECT';
  if (algorithm === 'sha1' || algorithm === 'sha256') return type === 'COMPOSITE';
  return true;
}

export function defaultType(algorithm: ChecksumAlgorithm): ChecksumType {
  return algorithm === 'crc64nvme' ? 'FULL_OBJECT' : 'COMPOSITE';
}
