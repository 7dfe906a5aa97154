import { createHmac } from 'node:crypto';
import { rfc3986, sha256Hex, type HeaderBag } from './s3-sigv4.js';

/**
 * OSS signature V4, OSS4-HMAC-SHA256 (protocols.md 2.3), in the Authorization header and in
 * presigned URLs, written from Aliyun's documentation rather than taken from ali-oss, so the
 * emulator and the vendor's signer check each other. Its shape is SigV4's with Aliyun's names:
 * `aliyun_v4` key prefix, `aliyun_v4_request` terminator, product `oss`.
 */

export const OSS4_ALGORITHM = 'OSS4-HMAC-SHA256';
export const OSS4_UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export interface OssV4Request {
  readonly method: string;
  /** Empty for bucket-level requests. */
  readonly bucket: string;
  /** The object key, raw (not percent-encoded). */
  readonly key: string;
  /** Every query parameter but x-oss-signature, decoded; an empty value is signed as a bare name. */
  readonly query: readonly (readonly [string, string])[];
  readonly headers: HeaderBag;
  /** Lower-case names the client chose to sign beyond content-type, content-md5 and x-oss-*. */
  readonly additionalHeaders: readonly string[];
  /** The x-oss-content-sha256 value (header form), or UNSIGNED-PAYLOAD (presigned form). */
  readonly payloadHash: string;
}

/** `/<bucket>/<key>` percent-encoded with `/` kept. */
export function ossV4CanonicalUri(bucket: string, key: string): string {
  const path = bucket === '' ? '/' : `/${bucket}/${key}`;
  return rfc3986(path).replace(/%2F/g, '/');
}

export function ossV4CanonicalQuery(query: readonly (readonly [string, string])[]): string {
  return query
    .filter(([name]) => name !== 'x-oss-signature')
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => (value === '' ? name : `${name}=${value}`))
    .join('&');
}

/** The signed headers: content-type, content-md5, every x-oss-* present, and the additional ones. */
export function ossV4SignedHeaderNames(headers: HeaderBag, additional: readonly string[]): string[] {
  const names = new Set(additional.map((name) => name.toLowerCase()));
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'content-type' || lower === 'content-md5' || lower.startsWith('x-oss-')) names.add(lower);
  }
  return [...names].sort();
}

export function ossV4CanonicalRequest(request: OssV4Request): string {
  const lower = new Map(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const headers = ossV4SignedHeaderNames(request.headers, request.additionalHeaders)
    .map((name) => {
      const value = lower.get(name);
      return `${name}:${(Array.isArray(value) ? value.join(',') : String(value ?? '')).trim()}\n`;
    })
    .join('');
  return [
    request.method.toUpperCase(),
    ossV4CanonicalUri(request.bucket, request.key),
    ossV4CanonicalQuery(request.query),
    headers,
    [...request.additionalHeaders].map((name) => name.toLowerCase()).sort().join(';'),
    request.payloadHash,
  ].join('\n');
}

/** `<yyyymmdd>/<region>/oss/aliyun_v4_request` */
export function ossV4Scope(date: string, region: string): string {
  return `${date}/${region}/oss/aliyun_v4_request`;
}

export function ossV4StringToSign(ossDate: string, region: string, canonical: string): string {
  return [OSS4_ALGORITHM, ossDate, ossV4Scope(ossDate.slice(0, 8), region), sha256Hex(canonical)].join('\n');
}

export function ossV4SigningKey(secret: string, date: string, region: string): Buffer {
  const kDate = createHmac('sha256', `aliyun_v4${secret}`).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kProduct = createHmac('sha256', kRegion).update('oss').digest();
  return createHmac('sha256', kProduct).update('aliyun_v4_request').digest();
}

export function ossV4Signature(secret: string, ossDate: string, region: string, canonical: string): string {
  return createHmac('sha256', ossV4SigningKey(secret, ossDate.slice(0, 8), region))
    .update(ossV4StringToSign(ossDate, region, canonical), 'utf8')
    .digest('hex');
}

export interface OssV4Credential {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly product: string;
  readonly terminator: string;
}

/** `<ak>/<yyyymmdd>/<region>/oss/aliyun_v4_request`; undefined when it has not five parts. */
export function parseOssV4Credential(credential: string): OssV4Credential | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts.some((part) => part === '')) return undefined;
  const [accessKeyId = '', date = '', region = '', product = '', terminator = ''] = parts;
  return { accessKeyId, date, region, product, terminator };
}

export interface OssV4Authorization {
  readonly credential: string;
  readonly additionalHeaders: readonly string[];
  readonly signature: string;
}

/**
 * `OSS4-HMAC-SHA256 Credential=…,AdditionalHeaders=a;b,Signature=hex` (ali-oss joins with a bare
 * comma, other SDKs with ", "). Undefined when the header is not V4 or lacks a field.
 */
export function parseOssV4Authorization(value: string): OssV4Authorization | undefined {
  const trimmed = value.trim();
  if (!trimmed.startsWith(`${OSS4_ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const item of trimmed.slice(OSS4_ALGORITHM.length + 1).split(',')) {
    const at = item.indexOf('=');
    if (at > 0) fields.set(item.slice(0, at).trim(), item.slice(at + 1).trim());
  }
  const credential = fields.get('Credential');
  const signature = fields.get('Signature');
  if (credential === undefined || signature === undefined) return undefined;
  const additional = fields.get('AdditionalHeaders');
  return { credential, signature, additionalHeaders: additional === undefined || additional === '' ? [] : additional.split(';') };
}
