import { randomBytes } from 'node:crypto';
import { BodyIncomplete, BodyTooLarge, type ReceivedBody } from '../shared/disk-store.js';
import type { EmulatorRequest } from '../shared/emulator-server.js';
import { OSS_ERRORS, partNumberError, requestId, sendXml, xmlEscape, type OssError } from './errors.js';
import type { OssState } from './state.js';

/** protocols.md 2.1: every part but the last at least 100 KB; none over 5 GB; numbers 1..10000. */
export const OSS_MIN_PART = 100 * 1024;
export const OSS_MAX_PART = 5 * 1024 ** 3;

/** One authenticated request to a multipart operation. */
export interface OssCall {
  readonly request: EmulatorRequest;
  readonly state: OssState;
  readonly bucket: string;
  readonly key: string;
  readonly nowMs: number;
  fail(error: OssError): void;
}

export function initiateMultipartUpload(call: OssCall): void {
  const uploadId = randomBytes(16).toString('hex').toUpperCase();
  call.state.uploads.set(uploadId, {
    uploadId,
    bucket: call.bucket,
    key: call.key,
    contentType: String(call.request.req.headers['content-type'] ?? 'application/octet-stream'),
    parts: new Map(),
  });
  sendXml(
    call.request.res,
    200,
    `<InitiateMultipartUploadResult><Bucket>${xmlEscape(call.bucket)}</Bucket><Key>${xmlEscape(call.key)}</Key>` +
      `<UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
  );
}

/**
 * Streams a part or object body to disk and checks its Content-MD5 (a mismatch is
 * InvalidDigest on OSS). Undefined when the call was answered with a refusal.
 */
export async function receiveBody(call: OssCall): Promise<ReceivedBody | undefined> {
  const { req, res, fault, entry } = call.request;
  const refuse = (error: OssError): undefined => {
    call.fail(error);
    return undefined;
  };
  if (req.headers['content-length'] === undefined) return refuse(OSS_ERRORS.missingLength);
  const contentMd5 = req.headers['content-md5'];
  let body;
  try {
    body = await call.state.store.receive(req, { entry, corrupt: fault?.action === 'corrupt', maxBytes: OSS_MAX_PART, sha1: false });
  } catch (error) {
    if (error instanceof BodyTooLarge) return refuse(OSS_ERRORS.tooLarge);
    if (error instanceof BodyIncomplete) return res.destroyed ? undefined : refuse(OSS_ERRORS.incomplete);
    throw error;
  }
  entry.digest = 'absent';
  if (contentMd5 !== undefined) {
    const given = Buffer.from(String(contentMd5), 'base64');
    const valid = given.length === 16 && given.equals(body.md5);
    entry.digest = valid ? 'valid' : 'invalid';
    if (!valid) {
      await call.state.store.remove(body.path);
      return refuse(OSS_ERRORS.invalidDigest);
    }
  }
  return body;
}

export async function uploadPart(call: OssCall): Promise<void> {
  const { res, url } = call.request;
  const raw = url.searchParams.get('partNumber');
  const partNumber = Number(raw);
  if (raw === null || !/^\d+$/.test(raw) || partNumber < 1 || partNumber > 10_000) return call.fail(partNumberError(raw));
  const upload = call.state.upload(url.searchParams.get('uploadId'), call.bucket, call.key);
  if (upload === undefined) return call.fail(OSS_ERRORS.noSuchUpload);
  const body = await receiveBody(call);
  if (body === undefined) return;
  // The upload may have been aborted or completed while the body streamed in.
  if (call.state.uploads.get(upload.uploadId) !== upload) {
    await call.state.store.remove(body.path);
    return call.fail(OSS_ERRORS.noSuchUpload);
  }
  const previous = upload.parts.get(partNumber);
  if (previous !== undefined) await call.state.store.remove(previous.path);
  const etag = `"${body.md5.toString('hex').toUpperCase()}"`;
  upload.parts.set(partNumber, { path: body.path, size: body.size, md5: body.md5, etag, lastModified: new Date(call.nowMs) });
  call.state.countAccept(upload, partNumber);
  res.writeHead(200, { ETag: etag, 'x-oss-request-id': requestId(), 'Content-Length': '0' });
  res.end();
}

export function listParts(call: OssCall): void {
  const { url, res } = call.request;
  const upload = call.state.upload(url.searchParams.get('uploadId'), call.bucket, call.key);
  if (upload === undefined) return call.fail(OSS_ERRORS.noSuchUpload);
  const maxRaw = url.searchParams.get('max-parts') ?? '1000';
  const markerRaw = url.searchParams.get('part-number-marker') ?? '0';
  const max = Number(maxRaw);
  const marker = Number(markerRaw);
  if (!/^\d+$/.test(maxRaw) || max < 1 || max > 1000) {
    return call.fail({ status: 400, code: 'InvalidArgument', message: 'max-parts must be an integer between 1 and 1000.' });
  }
  if (!/^\d+$/.test(markerRaw)) return call.fail({ status: 400, code: 'InvalidArgument', message: 'part-number-marker must be an integer.' });
  const numbers = [...upload.parts.keys()].sort((a, b) => a - b).filter((n) => n > marker);
  const page = numbers.slice(0, max);
  const partsXml = page
    .map((n) => {
      const part = upload.parts.get(n);
      if (part === undefined) return '';
      return `<Part><PartNumber>${n}</PartNumber><LastModified>${part.lastModified.toISOString()}</LastModified><ETag>${part.etag}</ETag><Size>${part.size}</Size></Part>`;
    })
    .join('');
  sendXml(
    res,
    200,
    `<ListPartsResult><Bucket>${xmlEscape(call.bucket)}</Bucket><Key>${xmlEscape(call.key)}</Key><UploadId>${upload.uploadId}</UploadId>` +
      `<PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${page.at(-1) ?? marker}</NextPartNumberMarker>` +
      `<MaxParts>${max}</MaxParts><IsTruncated>${numbers.length > max}</IsTruncated>${partsXml}</ListPartsResult>`,
  );
}

export async function abortMultipartUpload(call: OssCall): Promise<void> {
  const upload = call.state.upload(call.request.url.searchParams.get('uploadId'), call.bucket, call.key);
  if (upload === undefined) return call.fail(OSS_ERRORS.noSuchUpload);
  await call.state.dropUpload(upload);
  call.request.res.writeHead(204, { 'x-oss-request-id': requestId() }).end();
}
