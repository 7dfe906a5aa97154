import { createHash } from 'node:crypto';
import { BodyIncomplete, BodyTooLarge, type DiskStore, type ReceivedBody } from '../shared/disk-store.js';
import type { EmulatorRequest } from '../shared/emulator-server.js';
import { headerValue } from '../shared/headers.js';
import type { StreamingPayload } from './auth.js';
import { AwsChunkedDecoder, chunkedRefusal } from './aws-chunked.js';
import { chunkedErrors, checksumErrors } from './checksum-errors.js';
import { createChecksummer, isChecksumValue, type ChecksumAlgorithm } from './checksums.js';
import { S3_ERRORS, type S3Error } from './errors.js';
import { readRequestChecksum, type RequestChecksum } from './request-checksum.js';

/** What header auth said the body must be. */
export interface PayloadPromise {
  /** A hex x-amz-content-sha256 the bytes must hash to. */
  readonly sha256?: string;
  readonly streaming?: StreamingPayload;
}

export interface CheckedBody {
  readonly body: ReceivedBody;
  /** The checksum S3 computed (base64), for the algorithm the request or the upload named. */
  readonly checksum?: { readonly algorithm: ChecksumAlgorithm; readonly value: string };
  /** The checksum the request sent, if any (the upload's algorithm may differ). */
  readonly sent?: RequestChecksum;
}

export interface ReceiveCheck {
  readonly request: EmulatorRequest;
  readonly store: DiskStore;
  readonly payload: PayloadPromise;
  readonly maxBytes: number;
  /** The algorithm S3 computes when the request sends no checksum (the upload's, or PutObject's CRC64NVME). */
  readonly defaultAlgorithm?: ChecksumAlgorithm;
  /** Checks what the request promised before its body is read (checksum type of the upload). */
  readonly precheck?: (sent: RequestChecksum | undefined) => S3Error | undefined;
}

/**
 * Receives a PutObject or UploadPart body the way S3 checks it: aws-chunked decoding with
 * chunk signatures, Content-MD5, x-amz-content-sha256 and the additional checksum, from a
 * header or a trailer (protocols.md 5.5). Nothing is kept when any check fails.
 */
export async function receiveCheckedBody(check: ReceiveCheck): Promise<{ readonly error: S3Error } | ({ readonly error?: undefined } & CheckedBody)> {
  const { req, entry, fault } = check.request;
  const streaming = check.payload.streaming;
  const promised = readRequestChecksum(req, streaming);
  if (promised.error !== undefined) return { error: promised.error };
  const sent = promised.checksum;
  const early = check.precheck?.(sent);
  if (early !== undefined) return { error: early };
  const decodedLength = headerValue(req, 'x-amz-decoded-content-length');
  if (streaming === undefined && req.headers['content-length'] === undefined) return { error: S3_ERRORS.missingLength };
  if (streaming !== undefined && (decodedLength === undefined || !/^\d+$/.test(decodedLength))) return { error: chunkedErrors.missingDecodedLength };
  const contentMd5 = headerValue(req, 'content-md5');
  const md5 = contentMd5 === undefined ? undefined : Buffer.from(contentMd5, 'base64');
  if (md5 !== undefined && (md5.length !== 16 || md5.toString('base64') !== contentMd5?.trim())) return { error: S3_ERRORS.invalidDigest };
  const algorithm = sent?.algorithm ?? check.defaultAlgorithm;
  const checksummer = algorithm === undefined ? undefined : createChecksummer(algorithm);
  const sha256 = check.payload.sha256 === undefined ? undefined : createHash('sha256');
  const decoder = streaming === undefined ? undefined : new AwsChunkedDecoder(streaming);
  let body: ReceivedBody;
  try {
    body = await check.store.receive(req, {
      entry,
      corrupt: fault?.action === 'corrupt',
      maxBytes: check.maxBytes,
      sha1: false,
      onChunk: (chunk) => {
        sha256?.update(chunk);
        checksummer?.update(chunk);
      },
      ...(decoder === undefined ? {} : { decoder, expectedSize: Number(decodedLength) }),
    });
  } catch (error) {
    if (error instanceof BodyTooLarge) return { error: S3_ERRORS.tooLarge };
    const refusal = chunkedRefusal(error);
    if (refusal !== undefined) return { error: refusal };
    if (error instanceof BodyIncomplete) return { error: S3_ERRORS.incomplete };
    throw error;
  }
  const computed = checksummer === undefined ? undefined : (await checksummer.digest()).toString('base64');
  const expected = sent?.trailer === undefined ? sent?.value : decoder?.trailers.get(sent.trailer);
  const refusal =
    decoder !== undefined && trailerError(decoder, sent) !== undefined ? trailerError(decoder, sent)
    : md5 !== undefined && !md5.equals(body.md5) ? S3_ERRORS.badDigest
    : sha256 !== undefined && sha256.digest('hex') !== check.payload.sha256 ? S3_ERRORS.sha256Mismatch
    : sent !== undefined && expected !== computed ? checksumErrors.mismatch(sent.algorithm)
    : undefined;
  if (refusal !== undefined) {
    await check.store.remove(body.path);
    return { error: refusal };
  }
  return {
    body,
    ...(algorithm === undefined || computed === undefined ? {} : { checksum: { algorithm, value: computed } }),
    ...(sent === undefined ? {} : { sent }),
  };
}

/** The trailers must be exactly the one x-amz-trailer declared, with a well-formed value. */
function trailerError(decoder: AwsChunkedDecoder, sent: RequestChecksum | undefined): S3Error | undefined {
  const names = [...decoder.trailers.keys()];
  if (sent?.trailer === undefined) return names.length === 0 ? undefined : chunkedErrors.malformedTrailer;
  if (names.length !== 1 || names[0] !== sent.trailer) return chunkedErrors.malformedTrailer;
  const value = decoder.trailers.get(sent.trailer) ?? '';
  return isChecksumValue(sent.algorithm, value) ? undefined : checksumErrors.invalidValue(sent.algorithm);
}
