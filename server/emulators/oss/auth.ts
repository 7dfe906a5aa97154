import type { IncomingMessage } from 'node:http';
import { ossV1Sign, ossV1StringToSign, sameSignature } from '../../verify/oss-v1.js';
import { headerRecord, headerText } from '../shared/headers.js';
import { authenticateOssV4, isOssV4 } from './auth-v4.js';
import { OSS_ERRORS, type OssError } from './errors.js';

const AUTH_QUERY = new Set(['OSSAccessKeyId', 'Expires', 'Signature']);
const MAX_SKEW_MS = 15 * 60 * 1000;

export interface OssAuthContext {
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly bucket: string;
  readonly key: string;
  readonly credentials: ReadonlyMap<string, string>;
  /** The bare region id V4 scopes are checked against (`cn-hangzhou`). */
  readonly region: string;
  readonly nowMs: number;
  /** The `expire` fault: answer as if the credential had run out. */
  readonly forceExpired: boolean;
  /** GET and HEAD of objects without credentials are allowed (public-read bucket). */
  readonly anonymousRead: boolean;
}

function signedQuery(url: URL): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [name, value] of url.searchParams) if (!AUTH_QUERY.has(name)) out[name] = value === '' ? null : value;
  return out;
}

/** Checks a V1 or V4 signature, header or presigned URL. Returns the error to answer, or undefined. */
export function authenticateOss(ctx: OssAuthContext): OssError | undefined {
  if (isOssV4(ctx)) return authenticateOssV4(ctx);
  const { req, url } = ctx;
  const method = req.method ?? 'GET';
  const signature = url.searchParams.get('Signature');
  const authorization = headerText(req, 'authorization');
  const base = {
    method,
    contentMd5: headerText(req, 'content-md5'),
    contentType: headerText(req, 'content-type'),
    ossHeaders: headerRecord(req, (name) => name.startsWith('x-oss-')),
    bucket: ctx.bucket,
    key: ctx.key,
    query: signedQuery(url),
  };
  if (signature !== null || url.searchParams.has('OSSAccessKeyId')) {
    const accessKeyId = url.searchParams.get('OSSAccessKeyId') ?? '';
    const expires = url.searchParams.get('Expires') ?? '';
    const secret = ctx.credentials.get(accessKeyId);
    if (secret === undefined) return OSS_ERRORS.badAccessKey;
    if (!/^\d+$/.test(expires)) return { status: 403, code: 'AccessDenied', message: 'Expires must be Unix seconds.' };
    if (ctx.forceExpired || Number(expires) * 1000 < ctx.nowMs) return OSS_ERRORS.expired;
    const expected = ossV1Sign(secret, ossV1StringToSign({ ...base, dateOrExpires: expires }));
    return sameSignature(expected, signature ?? '') ? undefined : OSS_ERRORS.badSignature;
  }
  if (authorization !== '') {
    const match = /^OSS ([^:]+):(.+)$/.exec(authorization);
    if (match === null) return { status: 400, code: 'InvalidArgument', message: 'Authorization header is invalid.' };
    const secret = ctx.credentials.get(match[1] ?? '');
    if (secret === undefined) return OSS_ERRORS.badAccessKey;
    const date = headerText(req, 'x-oss-date') || headerText(req, 'date');
    const when = Date.parse(date);
    if (Number.isNaN(when)) return { status: 403, code: 'AccessDenied', message: 'OSS authentication requires a valid Date.' };
    if (ctx.forceExpired || Math.abs(ctx.nowMs - when) > MAX_SKEW_MS) return OSS_ERRORS.skewed;
    const expected = ossV1Sign(secret, ossV1StringToSign({ ...base, dateOrExpires: date }));
    return sameSignature(expected, match[2] ?? '') ? undefined : OSS_ERRORS.badSignature;
  }
  if (ctx.anonymousRead && (method === 'GET' || method === 'HEAD') && ctx.key !== '' && url.search === '') return undefined;
  return OSS_ERRORS.anonymous;
}
