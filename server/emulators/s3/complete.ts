import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parseCompleteBody, type CompletePart } from '../shared/complete-xml.js';
import { readSmallBody } from '../shared/disk-store.js';
import { headerValue } from '../shared/headers.js';
import { checksumErrors } from './checksum-errors.js';
import { checksumElement, checksumHeader, CHECKSUM_ALGORITHMS, createChecksummer, parseAlgorithm } from './checksums.js';
import { errorXml, requestIds, S3_ERRORS, S3_NS, xmlEscape, type S3Error } from './errors.js';
import { reply, S3_MIN_PART, type S3Call } from './multipart.js';
import type { KeptChecksum, StoredPart, Upload } from './state.js';

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
  if (call.payload.sha256 !== undefined && createHash('sha256').update(raw).digest('hex') !== call.payload.sha256) {
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
  const partChecksumRefusal = listedChecksumsError(call, upload, listed);
  if (partChecksumRefusal !== undefined) return call.fail(partChecksumRefusal);
  const small = listed.slice(0, -1).find(({ partNumber }) => (upload.parts.get(partNumber)?.size ?? 0) < S3_MIN_PART);
  if (small !== undefined) return call.fail(completeError(call, 'EntityTooSmall', small.partNumber, small.etag, upload.parts.get(small.partNumber)));
  const joined = await call.state.store.concat(chosen.map((part) => part.path));
  const objectChecksum = await uploadedChecksum(upload, chosen, joined.path);
  const declaredRefusal = declaredChecksumError(call, objectChecksum);
  if (declaredRefusal !== undefined) {
    await call.state.store.remove(joined.path);
    return call.fail(declaredRefusal);
  }
  const etag = `"${createHash('md5').update(Buffer.concat(chosen.map((part) => part.md5))).digest('hex')}-${chosen.length}"`;
  await call.state.putObject({
    bucket: call.bucket,
    key: call.key,
    size: joined.size,
    md5: joined.md5.toString('hex'),
    etag,
    contentType: upload.contentType,
    path: joined.path,
    ...(objectChecksum === undefined ? {} : { checksum: objectChecksum }),
  });
  await call.state.dropUpload(upload);
  const location = `${url.origin}/${call.bucket}/${call.key.split('/').map(encodeURIComponent).join('/')}`;
  reply(
    call,
    `<CompleteMultipartUploadResult xmlns="${S3_NS}"><Location>${xmlEscape(location)}</Location>` +
      `<Bucket>${xmlEscape(call.bucket)}</Bucket><Key>${xmlEscape(call.key)}</Key><ETag>${xmlEscape(etag)}</ETag>` +
      checksumXml(upload, objectChecksum) +
      '</CompleteMultipartUploadResult>',
  );
}

/**
 * The part checksums a Complete lists (protocols.md 5.5): a COMPOSITE upload must list every
 * part's, a FULL_OBJECT upload may; any listed value must be the part's, or the part is not
 * the one named (InvalidPart, as for a wrong ETag).
 */
function listedChecksumsError(call: S3Call, upload: Upload, listed: readonly CompletePart[]): S3Error | undefined {
  for (const { partNumber, etag, checksums } of listed) {
    const stored = upload.parts.get(partNumber)?.checksum;
    if (upload.checksum !== undefined) {
      const given = checksums.get(checksumElement(upload.checksum.algorithm));
      if (given === undefined && upload.checksum.type === 'COMPOSITE') return checksumErrors.partChecksumMissing(upload.checksum.algorithm, partNumber);
      if (given !== undefined && given !== stored?.value) return completeError(call, 'InvalidPart', partNumber, etag);
      continue;
    }
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      const given = checksums.get(checksumElement(algorithm));
      if (given !== undefined && (stored?.algorithm !== algorithm || stored.value !== given)) return completeError(call, 'InvalidPart', partNumber, etag);
    }
  }
  return undefined;
}

/** COMPOSITE: the checksum of the parts' raw checksums, `-N`; FULL_OBJECT: of the object's bytes. */
async function uploadedChecksum(upload: Upload, parts: readonly StoredPart[], objectPath: string): Promise<KeptChecksum | undefined> {
  if (upload.checksum === undefined) return undefined;
  const { algorithm, type } = upload.checksum;
  const checksummer = createChecksummer(algorithm);
  if (type === 'COMPOSITE') {
    for (const part of parts) checksummer.update(Buffer.from(part.checksum?.value ?? '', 'base64'));
    return { algorithm, value: `${(await checksummer.digest()).toString('base64')}-${parts.length}` };
  }
  for await (const chunk of createReadStream(objectPath)) checksummer.update(chunk as Buffer);
  return { algorithm, value: (await checksummer.digest()).toString('base64') };
}

/** A whole-object checksum sent with Complete (x-amz-checksum-*) must be the one S3 computed. */
function declaredChecksumError(call: S3Call, computed: KeptChecksum | undefined): S3Error | undefined {
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const declared = headerValue(call.request.req, checksumHeader(algorithm));
    if (declared === undefined) continue;
    if (computed === undefined || parseAlgorithm(computed.algorithm) !== algorithm) return checksumErrors.typeMismatch(computed?.algorithm, algorithm);
    if (declared.trim() !== computed.value) return checksumErrors.mismatch(algorithm);
  }
  return undefined;
}

function checksumXml(upload: Upload, checksum: KeptChecksum | undefined): string {
  if (checksum === undefined || upload.checksum === undefined) return '';
  const element = checksumElement(checksum.algorithm);
  return `<${element}>${xmlEscape(checksum.value)}</${element}><ChecksumType>${upload.checksum.type}</ChecksumType>`;
}
