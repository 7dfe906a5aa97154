import { createHash, randomBytes } from 'node:crypto';
import { parseCompleteBody } from '../shared/complete-xml.js';
import { BodyIncomplete, BodyTooLarge, readSmallBody } from '../shared/disk-store.js';
import type { EmulatorRequest } from '../shared/emulator-server.js';
import { errorXml, partNumberError, requestIds, S3_ERRORS, S3_NS, sendXml, xmlEscape, type S3Error } from './errors.js';
import type { S3State, StoredPart } from './state.js';

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
  /** Header auth promised a body with this SHA-256 (hex). */
  readonly payloadSha256: string | undefined;
  fail(error: S3Error): void;
}

/** Sends an XML answer, or (the `malformed` fault) the same answer cut off half-way. */
function reply(call: S3Call, body: string, headers: Record<string, string> = {}): void {
  if (call.request.fault?.action === 'malformed') {
    call.request.res.writeHead(200, { 'Content-Type': 'application/xml', ...requestIds(), ...headers });
    call.request.res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body.slice(0, Math.floor(body.length / 2))}`);
    return;
  }
  sendXml(call.request.res, 200, body, headers);
}

export function createMultipartUpload(call: S3Call): void {
  const uploadId = randomBytes(48).toString('base64url');
  call.state.uploads.set(uploadId, {
    uploadId,
    bucket: call.bucket,
    key: call.key,
    contentType: String(call.request.req.headers['content-type'] ?? 'binary/octet-stream'),
    initiated: new Date(call.nowMs),
    parts: new Map(),
  });
  reply(
    call,
    `<InitiateMultipartUploadResult xmlns="${S3_NS}"><Bucket>${xmlEscape(call.bucket)}</Bucket>` +
      `<Key>${xmlEscape(call.key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
  );
}

export async function uploadPart(call: S3Call): Promise<void> {
  const { req, res, url, fault, entry } = call.request;
  const raw = url.searchParams.get('partNumber');
  const partNumber = Number(raw);
  if (raw === null || !/^\d+$/.test(raw) || partNumber < 1 || partNumber > 10_000) return call.fail(partNumberError(raw));
  const upload = call.state.upload(url.searchParams.get('uploadId'), call.bucket, call.key);
  if (upload === undefined) return call.fail(S3_ERRORS.noSuchUpload);
  if (req.headers['content-length'] === undefined) return call.fail(S3_ERRORS.missingLength);
  if (Number(req.headers['content-length']) > S3_MAX_PART) return call.fail(S3_ERRORS.tooLarge);
  const contentMd5 = req.headers['content-md5'];
  const given = contentMd5 === undefined ? undefined : Buffer.from(String(contentMd5), 'base64');
  if (given !== undefined && (given.length !== 16 || given.toString('base64') !== String(contentMd5).trim())) {
    return call.fail(S3_ERRORS.invalidDigest);
  }
  const sha256 = call.payloadSha256 === undefined ? undefined : createHash('sha256');
  let body;
  try {
    body = await call.state.store.receive(req, {
      entry,
      corrupt: fault?.action === 'corrupt',
      maxBytes: S3_MAX_PART,
      ...(sha256 === undefined ? {} : { onChunk: (chunk: Buffer) => sha256.update(chunk) }),
    });
  } catch (error) {
    if (error instanceof BodyTooLarge) return call.fail(S3_ERRORS.tooLarge);
    if (error instanceof BodyIncomplete) return res.destroyed ? undefined : call.fail(S3_ERRORS.incomplete);
    throw error;
  }
  const refusal =
    given !== undefined && !given.equals(body.md5) ? S3_ERRORS.badDigest
    : sha256 !== undefined && sha256.digest('hex') !== call.payloadSha256 ? S3_ERRORS.sha256Mismatch
    // The upload may have been aborted or completed while the body streamed in.
    : call.state.uploads.get(upload.uploadId) !== upload ? S3_ERRORS.noSuchUpload
    : undefined;
  if (refusal !== undefined) {
    await call.state.store.remove(body.path);
    return call.fail(refusal);
  }
  const previous = upload.parts.get(partNumber);
  if (previous !== undefined) await call.state.store.remove(previous.path);
  const etag = `"${body.md5.toString('hex')}"`;
  upload.parts.set(partNumber, { path: body.path, size: body.size, md5: body.md5, etag, lastModified: new Date(call.nowMs) });
  call.state.countAccept(upload, partNumber);
  res.writeHead(200, { ETag: etag, 'Content-Length': '0', ...requestIds() }).end();
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
      return `<Part><PartNumber>${n}</PartNumber><LastModified>${part.lastModified.toISOString()}</LastModified><ETag>${xmlEscape(part.etag)}</ETag><Size>${part.size}</Size></Part>`;
    })
    .join('');
  reply(
    call,
    `<ListPartsResult xmlns="${S3_NS}"><Bucket>${xmlEscape(call.bucket)}</Bucket><Key>${xmlEscape(call.key)}</Key>` +
      `<UploadId>${upload.uploadId}</UploadId><Initiator>${owner}</Initiator><Owner>${owner}</Owner><StorageClass>STANDARD</StorageClass>` +
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

/**
 * protocols.md 5.1: S3 sends the 200 status line early and keeps the connection alive with
 * whitespace while it assembles; a failure then arrives as an `<Error>` document in the 200
 * body. The `error-in-200` fault acts that out (the upload is left as it was).
 */
function errorIn200(call: S3Call): void {
  const { res, fault } = call.request;
  const ids = requestIds();
  res.writeHead(200, { 'Content-Type': 'application/xml', ...ids });
  res.write('<?xml version="1.0" encoding="UTF-8"?>\n');
  res.write(' '.repeat(64));
  const document = fault?.body ?? errorXml(S3_ERRORS.internal, `/${call.bucket}/${call.key}`, ids['x-amz-request-id'] ?? '').replace(/^<\?xml[^>]*\?>\n/, '');
  res.end(document);
}

function completeError(call: S3Call, code: 'InvalidPart' | 'EntityTooSmall', partNumber: number, etag: string, part?: StoredPart): S3Error {
  if (code === 'EntityTooSmall') {
    return {
      status: 400,
      code,
      message: 'Your proposed upload is smaller than the minimum allowed size',
      extra: { ProposedSize: String(part?.size ?? 0), MinSizeAllowed: String(S3_MIN_PART), PartNumber: String(partNumber), ETag: etag },
    };
  }
  return {
    status: 400,
    code,
    message:
      "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    extra: { UploadId: call.request.url.searchParams.get('uploadId') ?? '', PartNumber: String(partNumber), ETag: etag },
  };
}

export async function completeMultipartUpload(call: S3Call): Promise<void> {
  const { req, url, entry, fault } = call.request;
  const upload = call.state.upload(url.searchParams.get('uploadId'), call.bucket, call.key);
  const raw = await readSmallBody(req, 4 * 1024 * 1024, entry);
  if (upload === undefined) return call.fail(S3_ERRORS.noSuchUpload);
  if (call.payloadSha256 !== undefined && createHash('sha256').update(raw).digest('hex') !== call.payloadSha256) {
    return call.fail(S3_ERRORS.sha256Mismatch);
  }
  if (fault?.action === 'error-in-200') return errorIn200(call);
  const listed = parseCompleteBody(raw.toString('utf8'));
  if (listed === undefined || listed.length === 0) return call.fail(S3_ERRORS.malformedXml);
  for (let i = 1; i < listed.length; i += 1) {
    if ((listed[i]?.partNumber ?? 0) <= (listed[i - 1]?.partNumber ?? 0)) return call.fail(S3_ERRORS.invalidPartOrder);
  }
  const chosen: StoredPart[] = [];
  for (const { partNumber, etag } of listed) {
    const part = upload.parts.get(partNumber);
    // S3 compares ETags without their quotes.
    if (part === undefined || part.etag.replace(/"/g, '') !== etag.replace(/"/g, '').toLowerCase()) {
      return call.fail(completeError(call, 'InvalidPart', partNumber, etag));
    }
    chosen.push(part);
  }
  const small = listed.slice(0, -1).find(({ partNumber }) => (upload.parts.get(partNumber)?.size ?? 0) < S3_MIN_PART);
  if (small !== undefined) return call.fail(completeError(call, 'EntityTooSmall', small.partNumber, small.etag, upload.parts.get(small.partNumber)));
  const joined = await call.state.store.concat(chosen.map((part) => part.path));
  const etag = `"${createHash('md5').update(Buffer.concat(chosen.map((part) => part.md5))).digest('hex')}-${chosen.length}"`;
  await call.state.putObject({
    bucket: call.bucket,
    key: call.key,
    size: joined.size,
    md5: joined.md5.toString('hex'),
    etag,
    contentType: upload.contentType,
    path: joined.path,
  });
  await call.state.dropUpload(upload);
  const location = `${url.origin}/${call.bucket}/${call.key.split('/').map(encodeURIComponent).join('/')}`;
  reply(
    call,
    `<CompleteMultipartUploadResult xmlns="${S3_NS}"><Location>${xmlEscape(location)}</Location>` +
      `<Bucket>${xmlEscape(call.bucket)}</Bucket><Key>${xmlEscape(call.key)}</Key><ETag>${xmlEscape(etag)}</ETag></CompleteMultipartUploadResult>`,
  );
}
