import { randomBytes } from 'node:crypto';
import type { EmulatorRequest } from '../shared/emulator-server.js';
import { headerValue } from '../shared/headers.js';
import { receiveCheckedBody, type PayloadPromise } from './checked-body.js';
import { checksumErrors } from './checksum-errors.js';
import { allowsType, checksumElement, checksumHeader, defaultType, parseAlgorithm, type ChecksumAlgorithm, type ChecksumType } from './checksums.js';
import { partNumberError, requestIds, S3_ERRORS, S3_NS, sendXml, xmlEscape, type S3Error } from './errors.js';
import type { S3State, StoredPart, Upload } from './state.js';

/** protocols.md 5.1: every part but the last at least 5 MiB; none over 5 GiB; numbers 1..10000. */
export const S3_MIN_PART = 5 * 1024 * 1024;
export const S3_MAX_PART = 5 * 1024 ** 3;
const MAX_PARTS_PER_PAGE = 1000;

/** One authenticated request to a multipart operation. */
export interface S3Call {
  readonly request: EmulatorRequest;
  readonly state: S3State;
  readonly bucket: string;
  readonly key: string;
  readonly nowMs: number;
  /** What header auth said of the body (a hex SHA-256, or aws-chunked). */
  readonly payload: PayloadPromise;
  fail(error: S3Error): void;
}

/** Sends an XML answer, or (the `malformed` fault) the same answer cut off half-way. */
export function reply(call: S3Call, body: string, headers: Record<string, string> = {}): void {
  if (call.request.fault?.action === 'malformed') {
    call.request.res.writeHead(200, { 'Content-Type': 'application/xml', ...requestIds(), ...headers });
    call.request.res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body.slice(0, Math.floor(body.length / 2))}`);
    return;
  }
  sendXml(call.request.res, 200, body, headers);
}

/** x-amz-checksum-algorithm and x-amz-checksum-type of CreateMultipartUpload, checked as S3 does. */
function uploadChecksum(call: S3Call): { readonly error: S3Error } | { readonly error?: undefined; readonly checksum?: Upload['checksum'] } {
  const algorithmHeader = headerValue(call.request.req, 'x-amz-checksum-algorithm');
  const typeHeader = headerValue(call.request.req, 'x-amz-checksum-type')?.trim();
  const algorithm = parseAlgorithm(algorithmHeader);
  if (algorithmHeader !== undefined && algorithm === undefined) return { error: checksumErrors.algorithmInvalid };
  if (typeHeader !== undefined && typeHeader !== 'COMPOSITE' && typeHeader !== 'FULL_OBJECT') return { error: checksumErrors.typeInvalid };
  if (algorithm === undefined) return typeHeader === undefined ? {} : { error: checksumErrors.typeWithoutAlgorithm };
  const type: ChecksumType = typeHeader ?? defaultType(algorithm);
  if (!allowsType(algorithm, type)) return { error: checksumErrors.typeNotAllowed(type, algorithm) };
  return { checksum: { algorithm, type } };
}

export function createMultipartUpload(call: S3Call): void {
  const checked = uploadChecksum(call);
  if (checked.error !== undefined) return call.fail(checked.error);
  const uploadId = randomBytes(48).toString('base64url');
  call.state.uploads.set(uploadId, {
    uploadId,
    bucket: call.bucket,
    key: call.key,
    contentType: String(call.request.req.headers['content-type'] ?? 'binary/octet-stream'),
    initiated: new Date(call.nowMs),
    parts: new Map(),
    ...(checked.checksum === undefined ? {} : { checksum: checked.checksum }),
  });
  const headers: Record<string, string> =
    checked.checksum === undefined ? {} : { 'x-amz-checksum-algorithm': checked.checksum.algorithm.toUpperCase(), 'x-amz-checksum-type': checked.checksum.type };
  reply(
    call,
    `<InitiateMultipartUploadResult xmlns="${S3_NS}"><Bucket>${xmlEscape(call.bucket)}</Bucket>` +
      `<Key>${xmlEscape(call.key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
    headers,
  );
}

/**
 * A COMPOSITE upload needs every part's checksum, of its algorithm; a FULL_OBJECT upload lets a
 * part come without one (S3 computes it); an upload without an algorithm takes any.
 */
function partChecksumError(upload: Upload, sent: ChecksumAlgorithm | undefined): S3Error | undefined {
  const expected = upload.checksum;
  if (expected === undefined || sent === expected.algorithm) return undefined;
  if (sent === undefined && expected.type === 'FULL_OBJECT') return undefined;
  return checksumErrors.typeMismatch(expected.algorithm, sent);
}

/** The response header naming a part's or object's checksum, as S3 echoes it. */
export function checksumHeaders(checksum: { readonly algorithm: ChecksumAlgorithm; readonly value: string } | undefined): Record<string, string> {
  return checksum === undefined ? {} : { [checksumHeader(checksum.algorithm)]: checksum.value };
}

export async function uploadPart(call: S3Call): Promise<void> {
  const { res, url } = call.request;
  const raw = url.searchParams.get('partNumber');
  const partNumber = Number(raw);
  if (raw === null || !/^\d+$/.test(raw) || partNumber < 1 || partNumber > 10_000) return call.fail(partNumberError(raw));
  const upload = call.state.upload(url.searchParams.get('uploadId'), call.bucket, call.key);
  if (upload === undefined) return call.fail(S3_ERRORS.noSuchUpload);
  if (Number(call.request.req.headers['content-length'] ?? 0) > S3_MAX_PART) return call.fail(S3_ERRORS.tooLarge);
  const received = await receiveCheckedBody({
    request: call.request,
    store: call.state.store,
    payload: call.payload,
    maxBytes: S3_MAX_PART,
    ...(upload.checksum === undefined ? {} : { defaultAlgorithm: upload.checksum.algorithm }),
    precheck: (sent) => partChecksumError(upload, sent?.algorithm),
  });
  if (received.error !== undefined) return res.destroyed ? undefined : call.fail(received.error);
  const { body, checksum } = received;
  // The upload may have been aborted or completed while the body streamed in.
  if (call.state.uploads.get(upload.uploadId) !== upload) {
    await call.state.store.remove(body.path);
    return call.fail(S3_ERRORS.noSuchUpload);
  }
  const previous = upload.parts.get(partNumber);
  if (previous !== undefined) await call.state.store.remove(previous.path);
  const etag = `"${body.md5.toString('hex')}"`;
  upload.parts.set(partNumber, {
    path: body.path,
    size: body.size,
    md5: body.md5,
    etag,
    lastModified: new Date(call.nowMs),
    ...(checksum === undefined ? {} : { checksum }),
  });
  call.state.countAccept(upload, partNumber);
  res.writeHead(200, { ETag: etag, 'Content-Length': '0', ...checksumHeaders(checksum), ...requestIds() }).end();
}

export function listParts(call: S3Call): void {
  const q = call.request.url.searchParams;
  const upload = call.state.upload(q.get('uploadId'), call.bucket, call.key);
  if (upload === undefined) return call.fail(S3_ERRORS.noSuchUpload);
  const maxRaw = q.get('max-parts') ?? String(MAX_PARTS_PER_PAGE);
  const markerRaw = q.get('part-number-marker') ?? '0';
  if (!/^\d+$/.test(maxRaw)) return call.fail({ status: 400, code: 'InvalidArgument', message: 'Provided max-parts not an integer or within integer range' });
  if (!/^\d+$/.test(markerRaw)) return call.fail({ status: 400, code: 'InvalidArgument', message: 'Provided part-number-marker not an integer or within integer range' });
  // S3 caps a page at 1000 parts whatever max-parts asks for.
  const max = Math.min(Number(maxRaw), MAX_PARTS_PER_PAGE);
  const marker = Number(markerRaw);
  const numbers = [...upload.parts.keys()].sort((a, b) => a - b).filter((n) => n > marker);
  const page = numbers.slice(0, max);
  const owner = '<ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID><DisplayName>chunk-uploader</DisplayName>';
  const partsXml = page
    .map((n) => {
      const part = upload.parts.get(n) as StoredPart;
      const checksum = part.checksum === undefined ? '' : `<${checksumElement(part.checksum.algorithm)}>${part.checksum.value}</${checksumElement(part.checksum.algorithm)}>`;
      return `<Part><PartNumber>${n}</PartNumber><LastModified>${part.lastModified.toISOString()}</LastModified><ETag>${xmlEscape(part.etag)}</ETag><Size>${part.size}</Size>${checksum}</Part>`;
    })
    .join('');
  reply(
    call,
    `<ListPartsResult xmlns="${S3_NS}"><Bucket>${xmlEscape(call.bucket)}</Bucket><Key>${xmlEscape(call.key)}</Key>` +
      `<UploadId>${upload.uploadId}</UploadId><Initiator>${owner}</Initiator><Owner>${owner}</Owner><StorageClass>STANDARD</StorageClass>` +
      (upload.checksum === undefined ? '' : `<ChecksumAlgorithm>${upload.checksum.algorithm.toUpperCase()}</ChecksumAlgorithm><ChecksumType>${upload.checksum.type}</ChecksumType>`) +
      `<PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${page.at(-1) ?? marker}</NextPartNumberMarker>` +
      `<MaxParts>${max}</MaxParts><IsTruncated>${numbers.length > page.length}</IsTruncated>${partsXml}</ListPartsResult>`,
  );
}

export async function abortMultipartUpload(call: S3Call): Promise<void> {
  const upload = call.state.upload(call.request.url.searchParams.get('uploadId'), call.bucket, call.key);
  if (upload === undefined) return call.fail(S3_ERRORS.noSuchUpload);
  await call.state.dropUpload(upload);
  call.request.res.writeHead(204, requestIds()).end();
}
