import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * AWS Signature Version 4 for S3 (protocols.md 5.2), presigned query and Authorization header,
 * written from the documentation rather than taken from the AWS SDK, so the emulator and the
 * vendor's signer check each other.
 */

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** RFC 3986 percent-encoding: everything but `A-Z a-z 0-9 - _ . ~` is encoded. */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The canonical URI of a path as sent: each segment decoded and encoded again, so `+`, spaces
 * and `%2F` inside a key come out the way a conforming signer encoded them. S3 does not
 * normalise `.` or `..` segments, and neither do we.
 */
export function canonicalUri(rawPath: string): string {
  return rawPath
    .split('/')
    .map((segment) => rfc3986(decodeURIComponent(segment)))
    .join('/');
}

/**
 * Query parameters as sent, decoded without turning `+` into a space (RFC 3986, not form
 * encoding). A bare `name` becomes `[name, '']`.
 */
export function parseRawQuery(rawQuery: string): [string, string][] {
  if (rawQuery === '') return [];
  return rawQuery
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      const name = at < 0 ? pair : pair.slice(0, at);
      const value = at < 0 ? '' : pair.slice(at + 1);
      return [decodeURIComponent(name), decodeURIComponent(value)];
    });
}

/** Every parameter but `X-Amz-Signature`, encoded, sorted by name then value, `name=value`. */
export function canonicalQuery(query: readonly (readonly [string, string])[]): string {
  return query
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

/** `name:value\n` for each signed header (lower-case names, trimmed values, inner spaces folded). */
export function canonicalHeaders(headers: HeaderBag, signedHeaders: readonly string[]): string {
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return signedHeaders
    .map((name) => {
      const raw = lower.get(name);
      const values = raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw;
      return `${name}:${values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',')}\n`;
    })
    .join('');
}

export interface SigV4Request {
  readonly method: string;
  /** The path exactly as sent, still percent-encoded. */
  readonly rawPath: string;
  readonly query: readonly (readonly [string, string])[];
  readonly headers: HeaderBag;
  /** Lower-case names in the order given by SignedHeaders (which is sorted). */
  readonly signedHeaders: readonly string[];
  /** `UNSIGNED-PAYLOAD` for presigned URLs; the x-amz-content-sha256 value for header auth. */
  readonly payloadHash: string;
}

export function canonicalRequest(request: SigV4Request): string {
  return [
    request.method.toUpperCase(),
    canonicalUri(request.rawPath),
    canonicalQuery(request.query),
    canonicalHeaders(request.headers, request.signedHeaders),
    request.signedHeaders.join(';'),
    request.payloadHash,
  ].join('\n');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface CredentialScope {
  readonly accessKeyId: string;
  /** yyyymmdd */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
}

/** `<AKID>/<yyyymmdd>/<region>/<service>/aws4_request`; undefined when malformed. */
export function parseCredential(credential: string): CredentialScope | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5) return undefined;
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = parts;
  if (accessKeyId === '' || !/^\d{8}$/.test(date) || region === '' || service === '') return undefined;
  return { accessKeyId, date, region, service, terminator };
}

export function scopeString(scope: Pick<CredentialScope, 'date' | 'region' | 'service'>): string {
  return `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return [SIGV4_ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

export function sigv4Signature(key: Buffer, toSign: string): string {
  return createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex signatures. */
export function sameHexSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected.toLowerCase());
  const b = Buffer.from(given.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface AuthorizationHeader {
  readonly credential: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/**
 * `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=a;b, Signature=hex`. Undefined when the
 * header is not SigV4 at all; throws a message naming what is missing when it is malformed.
 */
export function parseAuthorization(value: string): AuthorizationHeader | undefined {
  const trimmed = value.trim();
  if (!trimmed.startsWith(`${SIGV4_ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const item of trimmed.slice(SIGV4_ALGORITHM.length + 1).split(',')) {
    const at = item.indexOf('=');
    if (at > 0) fields.set(item.slice(0, at).trim(), item.slice(at + 1).trim());
  }
  const credential = fields.get('Credential');
  const signed = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credential === undefined || signed === undefined || signature === undefined) {
    const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !fields.has(name));
    throw new Error(`the authorization header is malformed; missing ${missing.join(', ')}`);
  }
  return { credential, signedHeaders: signed.split(';').filter((h) => h !== ''), signature };
}

/** `yyyymmddTHHMMSSZ` → Unix ms; NaN when malformed. */
export function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (m === null) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}
