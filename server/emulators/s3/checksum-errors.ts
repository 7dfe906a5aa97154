import type { ChecksumAlgorithm } from './checksums.js';
import type { S3Error } from './errors.js';

/**
 * S3's answers about checksums and aws-chunked bodies, worded as S3 words them. The sources
 * (captures of real S3 in other emulators' issue trackers) are named in protocols.md 5.5.
 */

const invalidRequest = (message: string): S3Error => ({ status: 400, code: 'InvalidRequest', message });

export const chunkedErrors = {
  /** Any framing error in an aws-chunked body. */
  malformed: { status: 400, code: 'IncompleteBody', message: 'The request body terminated unexpectedly' },
  malformedTrailer: {
    status: 400,
    code: 'MalformedTrailerError',
    message: 'The request contained trailing data that was not well-formed or did not conform to our published schema.',
  },
  chunkTooSmall: { status: 403, code: 'InvalidChunkSizeError', message: 'Only the last chunk is allowed to have a size less than 8192 bytes' },
  unsupportedTrailer: invalidRequest('The value specified in the x-amz-trailer header is not supported'),
  missingDecodedLength: { status: 411, code: 'MissingContentLength', message: 'You must provide the Content-Length HTTP header.' },
} as const satisfies Record<string, S3Error>;

export const checksumErrors = {
  mismatch: (algorithm: ChecksumAlgorithm): S3Error => ({
    status: 400,
    code: 'BadDigest',
    message: `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`,
  }),
  invalidValue: (algorithm: ChecksumAlgorithm): S3Error => invalidRequest(`Value for x-amz-checksum-${algorithm} header is invalid.`),
  multiple: invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.'),
  sdkAlgorithmInvalid: invalidRequest('Value for x-amz-sdk-checksum-algorithm header is invalid.'),
  sdkAlgorithmAlone: invalidRequest('x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.'),
  algorithmInvalid: invalidRequest('Value for x-amz-checksum-algorithm header is invalid.'),
  typeInvalid: invalidRequest('Value for x-amz-checksum-type header is invalid.'),
  typeWithoutAlgorithm: invalidRequest('The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.'),
  typeNotAllowed: (type: string, algorithm: ChecksumAlgorithm): S3Error =>
    invalidRequest(`The ${type} checksum type cannot be used with the ${algorithm} checksum algorithm.`),
  typeMismatch: (expected: ChecksumAlgorithm | undefined, actual: ChecksumAlgorithm | undefined): S3Error =>
    invalidRequest(`Checksum Type mismatch occurred, expected checksum Type: ${expected ?? 'null'}, actual checksum Type: ${actual ?? 'null'}`),
  partChecksumMissing: (algorithm: ChecksumAlgorithm, partNumber: number): S3Error =>
    invalidRequest(
      `The upload was created using a ${algorithm} checksum. The complete request must include the checksum for each part. It was missing for part ${partNumber} in the request.`,
    ),
} as const;
