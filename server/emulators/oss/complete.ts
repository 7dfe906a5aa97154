import { createHash } from 'node:crypto';
import { parseCompleteBody } from '../shared/complete-xml.js';
import { readSmallBody } from '../shared/disk-store.js';
import { OSS_ERRORS, sendXml, xmlEscape } from './errors.js';
import { OSS_MIN_PART, type OssCall } from './multipart.js';
import type { OssStoredPart } from './state.js';

function normalEtag(etag: string): string {
  return etag.replace(/"/g, '').trim().toUpperCase();
}

/**
 * CompleteMultipartUpload (protocols.md 2.1): the listed parts in ascending order with their
 * ETags, or every part with `x-oss-complete-all: yes`; non-last parts at least 100 KB;
 * `x-oss-forbid-overwrite` honoured. The object's ETag is the MD5 of the part MD5s, `-N`.
 */
export async function completeMultipartUpload(call: OssCall): Promise<void> {
  const { req, res, url, entry } = call.request;
  const upload = call.state.upload(url.searchParams.get('uploadId'), call.bucket, call.key);
  if (upload === undefined) return call.fail(OSS_ERRORS.noSuchUpload);
  const body = (await readSmallBody(req, 4 * 1024 * 1024, entry)).toString('utf8');
  const completeAll = String(req.headers['x-oss-complete-all'] ?? '').toLowerCase() === 'yes';
  let listed: { readonly partNumber: number; readonly etag: string }[];
  if (completeAll) {
    if (body.trim() !== '') return call.fail({ status: 400, code: 'InvalidArgument', message: 'x-oss-complete-all requires an empty body.' });
    listed = [...upload.parts.entries()].sort(([a], [b]) => a - b).map(([partNumber, part]) => ({ partNumber, etag: part.etag }));
  } else {
    const parsed = parseCompleteBody(body);
    if (parsed === undefined || parsed.length === 0) return call.fail(OSS_ERRORS.malformedXml);
    listed = parsed;
  }
  for (let i = 1; i < listed.length; i += 1) {
    if ((listed[i]?.partNumber ?? 0) <= (listed[i - 1]?.partNumber ?? 0)) {
      return call.fail({ status: 400, code: 'InvalidPartOrder', message: 'The list of parts was not in ascending order. Parts must be ordered by part number.' });
    }
  }
  const chosen: OssStoredPart[] = [];
  for (const { partNumber, etag } of listed) {
    const part = upload.parts.get(partNumber);
    if (part === undefined || normalEtag(part.etag) !== normalEtag(etag)) {
      return call.fail({
        status: 400,
        code: 'InvalidPart',
        message: "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.",
      });
    }
    chosen.push(part);
  }
  if (chosen.slice(0, -1).some((part) => part.size < OSS_MIN_PART)) {
    return call.fail({ status: 400, code: 'EntityTooSmall', message: 'Your proposed upload is smaller than the minimum allowed size.' });
  }
  const forbid = String(req.headers['x-oss-forbid-overwrite'] ?? '').toLowerCase() === 'true';
  if (forbid && call.state.objects.has(`${call.bucket}/${call.key}`)) return call.fail(OSS_ERRORS.fileExists);
  const joined = await call.state.store.concat(chosen.map((part) => part.path));
  const etagMd5 = createHash('md5').update(Buffer.concat(chosen.map((part) => part.md5))).digest('hex').toUpperCase();
  const etag = `"${etagMd5}-${chosen.length}"`;
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
  sendXml(
    res,
    200,
    `<CompleteMultipartUploadResult><Location>${xmlEscape(`${url.origin}/${call.bucket}/${encodeURI(call.key)}`)}</Location>` +
      `<Bucket>${xmlEscape(call.bucket)}</Bucket><Key>${xmlEscape(call.key)}</Key><ETag>${etag}</ETag></CompleteMultipartUploadResult>`,
    { ETag: etag },
  );
}
