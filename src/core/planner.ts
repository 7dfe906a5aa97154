import type { PartLimits, PlannedPart } from '../contracts/protocol.js';
import type { FileInfo } from '../contracts/signer.js';
import { UploadError } from '../transport/upload-error.js';

const MiB = 1024 * 1024;

/**
 * The part size to use for a file: the preferred size, clamped to the target's limits, and
 * grown (to a whole MiB) until the file fits in the allowed number of parts.
 */
export function choosePartSize(fileSize: number, limits: PartLimits, preferred: number): number {
  if (limits.fixedPartSize !== undefined) return limits.fixedPartSize;
  let size = Math.min(Math.max(preferred, limits.minPartSize), limits.maxPartSize);
  if (Math.ceil(fileSize / size) > limits.maxParts) {
    size = Math.ceil(fileSize / limits.maxParts / MiB) * MiB;
  }
  if (size > limits.maxPartSize || Math.ceil(fileSize / size) > limits.maxParts) {
    throw new UploadError(
      `a file of ${fileSize} bytes exceeds what this storage accepts (${limits.maxParts} parts of at most ${limits.maxPartSize} bytes); split the file`,
      { kind: 'invalid', code: 'file-too-large' },
    );
  }
  return size;
}

/** How many parts a file of this size has at this part size. */
export function countParts(fileSize: number, partSize: number, limits: PartLimits): number {
  if (fileSize === 0) return limits.emptyFileParts;
  return Math.ceil(fileSize / partSize);
}

/** Part `index` of a file; parts are computed on demand so a 10 000-part plan costs nothing. */
export function partAt(index: number, fileSize: number, partSize: number, limits: PartLimits): PlannedPart {
  const start = index * partSize;
  return {
    index,
    number: index + limits.firstPartNumber,
    start,
    end: Math.min(start + partSize, fileSize),
  };
}

/** What an adapter is told about a file: plain data, plus the key the page asks for. */
export function fileInfoOf(file: File, key: string | undefined): FileInfo {
  return {
    name: file.name,
    size: file.size,
    type: file.type,
    lastModified: file.lastModified,
    ...(key === undefined ? {} : { key }),
  };
}
