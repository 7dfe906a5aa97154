import { receiveCheckedBody } from './checked-body.js';
import { requestIds, S3_ERRORS } from './errors.js';
import { checksumHeaders, S3_MAX_PART, type S3Call } from './multipart.js';

/**
 * PutObject, the single-request upload the AWS SDK's lib-storage uses for a body that fits in
 * one part. S3 checksums every object it stores since 2025: with no checksum sent, CRC64NVME
 * (protocols.md 5.5), answered in x-amz-checksum-crc64nvme with type FULL_OBJECT.
 */
export async function putObject(call: S3Call): Promise<void> {
  const { req, res } = call.request;
  // A single PUT is limited to 5 GiB, the largest part's size too.
  if (Number(req.headers['content-length'] ?? 0) > S3_MAX_PART) return call.fail(S3_ERRORS.tooLarge);
  const received = await receiveCheckedBody({
    request: call.request,
    store: call.state.store,
    payload: call.payload,
    maxBytes: S3_MAX_PART,
    defaultAlgorithm: 'crc64nvme',
  });
  if (received.error !== undefined) return res.destroyed ? undefined : call.fail(received.error);
  const { body, checksum } = received;
  const etag = `"${body.md5.toString('hex')}"`;
  await call.state.putObject({
    bucket: call.bucket,
    key: call.key,
    size: body.size,
    md5: body.md5.toString('hex'),
    etag,
    contentType: String(req.headers['content-type'] ?? 'binary/octet-stream'),
    path: body.path,
    ...(checksum === undefined ? {} : { checksum }),
  });
  res.writeHead(200, { ETag: etag, 'Content-Length': '0', ...checksumHeaders(checksum), 'x-amz-checksum-type': 'FULL_OBJECT', ...requestIds() }).end();
}
