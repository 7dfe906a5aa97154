import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * OSS signature V1 (protocols.md 2.2), written from the documentation rather than taken from
 * ali-oss, so the emulator and the vendor's signer check each other.
 */

/** Query parameters that are part of the signed resource (the rest are not signed). */
export const OSS_SIGNED_SUBRESOURCES: ReadonlySet<string> = new Set([
  'acl', 'append', 'bucketInfo', 'callback', 'callback-var', 'cname', 'comp', 'continuation-token', 'cors',
  'delete', 'endTime', 'img', 'lifecycle', 'live', 'location', 'logging', 'objectMeta', 'partNumber',
  'position', 'qos', 'referer', 'replication', 'replicationLocation', 'replicationProgress', 'response-cache-control',
  'response-content-disposition', 'response-content-encoding', 'response-content-language', 'response-content-type',
  'response-expires', 'restore', 'security-token', 'startTime', 'status', 'style', 'styleName', 'symlink', 'tagging',
  'udf', 'udfApplication', 'udfApplicationLog', 'udfId', 'udfImage', 'udfImageDesc', 'udfName', 'uploadId', 'uploads',
  'versionId', 'versioning', 'versions', 'vod', 'website', 'x-oss-process', 'x-oss-traffic-limit',
]);

export interface OssV1Request {
  readonly method: string;
  readonly contentMd5: string;
  readonly contentType: string;
  /** The Date header (header form) or Expires in Unix seconds (presigned form). */
  readonly dateOrExpires: string;
  /** `x-oss-*` headers, any case. */
  readonly ossHeaders: Readonly<Record<string, string>>;
  readonly bucket: string;
  /** The object key, raw (not percent-encoded). Empty for bucket-level requests. */
  readonly key: string;
  /** Every query parameter; unsigned ones are filtered out here. A null value is a bare key. */
  readonly query: Readonly<Record<string, string | null>>;
}

export function ossV1CanonicalResource(bucket: string, key: string, query: Readonly<Record<string, string | null>>): string {
  const resource = bucket === '' ? '/' : `/${bucket}/${key}`;
  const signed = Object.keys(query)
    .filter((name) => OSS_SIGNED_SUBRESOURCES.has(name))
    .sort()
    .map((name) => {
      const value = query[name];
      return value === null || value === undefined || value === '' ? name : `${name}=${value}`;
    });
  return signed.length === 0 ? resource : `${resource}?${signed.join('&')}`;
}

export function ossV1StringToSign(request: OssV1Request): string {
  const headers = Object.entries(request.ossHeaders)
    .map(([name, value]) => [name.toLowerCase().trim(), value.trim()] as const)
    .filter(([name]) => name.startsWith('x-oss-'))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}:${value}\n`)
    .join('');
  return [
    request.method.toUpperCase(),
    request.contentMd5,
    request.contentType,
    request.dateOrExpires,
    `${headers}${ossV1CanonicalResource(request.bucket, request.key, request.query)}`,
  ].join('\n');
}

export function ossV1Sign(secret: string, stringToSign: string): string {
  return createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
}

/** Constant-time comparison of two base64 signatures. */
export function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
