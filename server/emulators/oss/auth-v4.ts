import { parseAmzDate, parseRawQuery, sameHexSignature } from '../../verify/s3-sigv4.js';
import {
  OSS4_ALGORITHM,
  OSS4_UNSIGNED_PAYLOAD,
  ossV4CanonicalRequest,
  ossV4Signature,
  parseOssV4Authorization,
  parseOssV4Credential,
  type OssV4Credential,
} from '../../verify/oss-v4.js';
import { headerText } from '../shared/headers.js';
import type { OssAuthContext } from './auth.js';
import { OSS_ERRORS, type OssError } from './errors.js';

/**
 * OSS V4 (OSS4-HMAC-SHA256) in the Authorization header and in presigned URLs (protocols.md
 * 2.3), checked with server/verify/oss-v4.ts. The scope errors are the ones OSS names
 * (EC 0002-00000226 "Invalid signing region", 0002-00000227 "Invalid signing product").
 */

const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_SECONDS = 604_800;

const invalid = (message: string): OssError => ({ status: 400, code: 'InvalidArgument', message });

export const OSS_V4_ERRORS = {
  malformed: invalid('Authorization header is invalid.'),
  region: invalid('Invalid signing region in Authorization header.'),
  product: invalid('Invalid signing product in Authorization header.'),
  date: invalid('Invalid signing date in Authorization header.'),
  terminator: invalid('Invalid signing request type in Authorization header.'),
  payload: invalid('x-oss-content-sha256 must be UNSIGNED-PAYLOAD.'),
  expires: invalid('x-oss-expires must be an integer between 1 and 604800.'),
  missingQuery: invalid('Query-string authentication V4 requires x-oss-credential, x-oss-date, x-oss-expires and x-oss-signature.'),
} as const satisfies Record<string, OssError>;

/** True when the request claims V4 at all (the header algorithm or the query's version). */
export function isOssV4(ctx: OssAuthContext): boolean {
  return headerText(ctx.req, 'authorization').startsWith(`${OSS4_ALGORITHM} `) || ctx.url.searchParams.has('x-oss-signature-version');
}

function scopeError(credential: OssV4Credential | undefined, ossDate: string, region: string): OssError | undefined {
  if (credential === undefined) return OSS_V4_ERRORS.malformed;
  if (credential.date !== ossDate.slice(0, 8)) return OSS_V4_ERRORS.date;
  if (credential.region !== region) return OSS_V4_ERRORS.region;
  if (credential.product !== 'oss') return OSS_V4_ERRORS.product;
  if (credential.terminator !== 'aliyun_v4_request') return OSS_V4_ERRORS.terminator;
  return undefined;
}

function rawQuery(ctx: OssAuthContext): [string, string][] {
  const raw = ctx.req.url ?? '/';
  const at = raw.indexOf('?');
  return parseRawQuery(at < 0 ? '' : raw.slice(at + 1));
}

function verify(ctx: OssAuthContext, secret: string, ossDate: string, additionalHeaders: readonly string[], payloadHash: string, given: string): boolean {
  const canonical = ossV4CanonicalRequest({
    method: ctx.req.method ?? 'GET',
    bucket: ctx.bucket,
    key: ctx.key,
    query: rawQuery(ctx),
    headers: ctx.req.headers,
    additionalHeaders,
    payloadHash,
  });
  return sameHexSignature(ossV4Signature(secret, ossDate, ctx.region, canonical), given);
}

/** Checks a V4 header or presigned-URL signature. Returns the error to answer, or undefined. */
export function authenticateOssV4(ctx: OssAuthContext): OssError | undefined {
  const q = ctx.url.searchParams;
  if (q.has('x-oss-signature-version')) {
    if (q.get('x-oss-signature-version') !== OSS4_ALGORITHM) return OSS_V4_ERRORS.malformed;
    const ossDate = q.get('x-oss-date') ?? '';
    const expires = q.get('x-oss-expires') ?? '';
    const signature = q.get('x-oss-signature');
    if (!q.has('x-oss-credential') || signature === null || ossDate === '' || expires === '') return OSS_V4_ERRORS.missingQuery;
    const credential = parseOssV4Credential(q.get('x-oss-credential') ?? '');
    const bad = scopeError(credential, ossDate, ctx.region);
    if (bad !== undefined || credential === undefined) return bad ?? OSS_V4_ERRORS.malformed;
    const secret = ctx.credentials.get(credential.accessKeyId);
    if (secret === undefined) return OSS_ERRORS.badAccessKey;
    const signedAt = parseAmzDate(ossDate);
    if (Number.isNaN(signedAt)) return OSS_V4_ERRORS.date;
    if (!/^\d+$/.test(expires) || Number(expires) < 1 || Number(expires) > MAX_PRESIGN_SECONDS) return OSS_V4_ERRORS.expires;
    if (ctx.forceExpired || signedAt + Number(expires) * 1000 < ctx.nowMs) return OSS_ERRORS.expired;
    const additional = (q.get('x-oss-additional-headers') ?? '').split(';').filter((name) => name !== '');
    return verify(ctx, secret, ossDate, additional, OSS4_UNSIGNED_PAYLOAD, signature) ? undefined : OSS_ERRORS.badSignature;
  }
  const parsed = parseOssV4Authorization(headerText(ctx.req, 'authorization'));
  if (parsed === undefined) return OSS_V4_ERRORS.malformed;
  const ossDate = headerText(ctx.req, 'x-oss-date');
  const signedAt = parseAmzDate(ossDate);
  if (Number.isNaN(signedAt)) return OSS_V4_ERRORS.date;
  const credential = parseOssV4Credential(parsed.credential);
  const bad = scopeError(credential, ossDate, ctx.region);
  if (bad !== undefined || credential === undefined) return bad ?? OSS_V4_ERRORS.malformed;
  const secret = ctx.credentials.get(credential.accessKeyId);
  if (secret === undefined) return OSS_ERRORS.badAccessKey;
  if (ctx.forceExpired || Math.abs(ctx.nowMs - signedAt) > MAX_SKEW_MS) return OSS_ERRORS.skewed;
  const payloadHash = headerText(ctx.req, 'x-oss-content-sha256');
  if (payloadHash !== OSS4_UNSIGNED_PAYLOAD) return OSS_V4_ERRORS.payload;
  return verify(ctx, secret, ossDate, parsed.additionalHeaders, payloadHash, parsed.signature) ? undefined : OSS_ERRORS.badSignature;
}
