import type { IncomingMessage } from 'node:http';
import { headerValue } from '../shared/headers.js';
import type { StreamingPayload } from './auth.js';
import { chunkedErrors, checksumErrors } from './checksum-errors.js';
import { CHECKSUM_ALGORITHMS, checksumHeader, isChecksumValue, parseAlgorithm, type ChecksumAlgorithm } from './checksums.js';
import type { S3Error } from './errors.js';

/** The checksum a PutObject or UploadPart promises, and where its value arrives. */
export interface RequestChecksum {
  readonly algorithm: ChecksumAlgorithm;
  /** From an x-amz-checksum-* header; undefined when it comes as a trailer. */
  readonly value?: string;
  /** The trailer the value will arrive in (x-amz-trailer). */
  readonly trailer?: string;
}

/**
 * Reads x-amz-checksum-*, x-amz-trailer and x-amz-sdk-checksum-algorithm as S3 does
 * (protocols.md 5.5): at most one checksum, a well-formed value, a trailer only on a -TRAILER
 * aws-chunked body, and an SDK algorithm that names the checksum actually sent.
 */
export function readRequestChecksum(
  req: IncomingMessage,
  streaming: StreamingPayload | undefined,
): { readonly error: S3Error } | { readonly error?: undefined; readonly checksum?: RequestChecksum } {
  const sent = CHECKSUM_ALGORITHMS.filter((algorithm) => headerValue(req, checksumHeader(algorithm)) !== undefined);
  const trailer = headerValue(req, 'x-amz-trailer')?.trim().toLowerCase();
  if (sent.length + (trailer === undefined ? 0 : 1) > 1) return { error: checksumErrors.multiple };
  let checksum: RequestChecksum | undefined;
  const [fromHeader] = sent;
  if (fromHeader !== undefined) {
    const value = headerValue(req, checksumHeader(fromHeader)) ?? '';
    if (!isChecksumValue(fromHeader, value.trim())) return { error: checksumErrors.invalidValue(fromHeader) };
    checksum = { algorithm: fromHeader, value: value.trim() };
  } else if (trailer !== undefined) {
    const algorithm = parseAlgorithm(trailer.replace(/^x-amz-checksum-/, ''));
    if (algorithm === undefined || !trailer.startsWith('x-amz-checksum-')) return { error: chunkedErrors.unsupportedTrailer };
    if (streaming?.trailer !== true) return { error: chunkedErrors.malformedTrailer };
    checksum = { algorithm, trailer };
  }
  const sdkHeader = headerValue(req, 'x-amz-sdk-checksum-algorithm');
  if (sdkHeader !== undefined) {
    const sdkAlgorithm = parseAlgorithm(sdkHeader);
    if (sdkAlgorithm === undefined) return { error: checksumErrors.sdkAlgorithmInvalid };
    if (checksum === undefined) return { error: checksumErrors.sdkAlgorithmAlone };
    if (checksum.algorithm !== sdkAlgorithm) return { error: checksumErrors.sdkAlgorithmInvalid };
  }
  return checksum === undefined ? {} : { checksum };
}
