import type { IncomingMessage } from 'node:http';
import {
  canonicalRequest,
  parseAmzDate,
  parseAuthorization,
  parseCredential,
  parseRawQuery,
  sameHexSignature,
  scopeString,
  signingKey,
  sigv4Signature,
  stringToSign,
  SIGV4_ALGORITHM,
  UNSIGNED_PAYLOAD,
  type CredentialScope,
} from '../../verify/s3-sigv4.js';
import { headerValue } from '../shared/headers.js';
import type { ChunkSigning } from './aws-chunked.js';
import { headerAuthErrors, queryAuthErrors, S3_ERRORS, unsignedHeadersError, type S3Error } from './errors.js';

const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_SECONDS = 604_800;
/**
 * The aws-chunked payload modes S3 accepts (protocols.md 5.5); the ECDSA ones (SigV4a) are
 * not spoken here and keep S3's 501 for unsupported functionality.
 */
const STREAMING_MODES: Readonly<Record<string, { readonly signed: boolean; readonly trailer: boolean }>> = {
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER': { signed: false, trailer: true },
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': { signed: true, trailer: false },
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER': { signed: true, trailer: true },
};

/** An aws-chunked body the handler must decode: whether trailers may follow, and how chunks are signed. */
export interface StreamingPayload {
  readonly trailer: boolean;
  readonly signing?: ChunkSigning;
}

const PRESIGN_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'];

export interface S3AuthContext {
  readonly req: IncomingMessage;
  readonly region: string;
  /** AccessKeyId → SecretAccessKey. */
  readonly credentials: ReadonlyMap<string, string>;
  readonly nowMs: number;
  /** The `expire` fault: answer as if the credential had run out. */
  readonly forceExpired: boolean;
  /** GET and HEAD of objects without credentials are allowed (public-read bucket). */
  readonly anonymousRead: boolean;
}

export type S3AuthResult =
  | { readonly error: S3Error }
  | {
      readonly error?: undefined;
      /** Header auth with a hex x-amz-content-sha256: the body must hash to this. */
      readonly payloadSha256?: string;
      /** Header auth with a STREAMING-* x-amz-content-sha256: the body is aws-chunked. */
      readonly streaming?: StreamingPayload;
    };

/**
 * Checks a SigV4 presigned URL or Authorization header (protocols.md 5.2) with our own code.
 * Returns the error to answer, or what the handler must still check of the body.
 */
export function authenticateS3(ctx: S3AuthContext): S3AuthResult {
  const raw = ctx.req.url ?? '/';
  const at = raw.indexOf('?');
  const rawPath = at < 0 ? raw : raw.slice(0, at);
  let query: [string, string][];
  try {
    query = parseRawQuery(at < 0 ? '' : raw.slice(at + 1));
  } catch {
    return { error: S3_ERRORS.invalidUri };
  }
  const authorization = headerValue(ctx.req, 'authorization');
  const presigned = query.some(([name]) => PRESIGN_PARAMS.includes(name));
  if (presigned && authorization !== undefined) return { error: S3_ERRORS.twoMechanisms };
  try {
    if (presigned) return presignedAuth(ctx, rawPath, query);
    if (authorization !== undefined) return headerAuth(ctx, authorization, rawPath, query);
  } catch {
    return { error: S3_ERRORS.invalidUri };
  }
  const method = ctx.req.method ?? 'GET';
  if (ctx.anonymousRead && (method === 'GET' || method === 'HEAD') && query.length === 0) return {};
  return { error: S3_ERRORS.accessDenied };
}

function scopeError(
  scope: CredentialScope | undefined,
  amzDate: string,
  region: string,
  wrap: (why: string) => S3Error,
): S3Error | undefined {
  if (scope === undefined) return wrap('the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  if (scope.date !== amzDate.slice(0, 8)) return wrap('Invalid credential date. Date is not the same as X-Amz-Date.');
  if (scope.region !== region) return wrap(`the region '${scope.region}' is wrong; expecting '${region}'`);
  if (scope.service !== 's3') return wrap(`incorrect service '${scope.service}'. This endpoint belongs to 's3'.`);
  if (scope.terminator !== 'aws4_request') return wrap(`incorrect terminal '${scope.terminator}'. This endpoint uses 'aws4_request'.`);
  return undefined;
}

function verify(
  ctx: S3AuthContext,
  scope: CredentialScope,
  amzDate: string,
  rawPath: string,
  query: readonly (readonly [string, string])[],
  signedHeaders: readonly string[],
  payloadHash: string,
  given: string,
): boolean {
  const secret = ctx.credentials.get(scope.accessKeyId) ?? '';
  const canonical = canonicalRequest({
    method: ctx.req.method ?? 'GET',
    rawPath,
    query,
    headers: ctx.req.headers,
    signedHeaders,
    payloadHash,
  });
  const expected = sigv4Signature(signingKey(secret, scope.date, scope.region, scope.service), stringToSign(amzDate, scopeString(scope), canonical));
  return sameHexSignature(expected, given);
}

function presignedAuth(ctx: S3AuthContext, rawPath: string, query: [string, string][]): S3AuthResult {
  const param = (name: string): string | undefined => query.find(([n]) => n === name)?.[1];
  if (PRESIGN_PARAMS.some((name) => param(name) === undefined)) return { error: queryAuthErrors.missing };
  if (param('X-Amz-Algorithm') !== SIGV4_ALGORITHM) return { error: queryAuthErrors.algorithm };
  const amzDate = param('X-Amz-Date') ?? '';
  const signedAt = parseAmzDate(amzDate);
  if (Number.isNaN(signedAt)) return { error: queryAuthErrors.date };
  const scope = parseCredential(param('X-Amz-Credential') ?? '');
  const bad = scopeError(scope, amzDate, ctx.region, queryAuthErrors.credential);
  if (bad !== undefined || scope === undefined) return { error: bad ?? S3_ERRORS.accessDenied };
  if (!ctx.credentials.has(scope.accessKeyId)) return { error: S3_ERRORS.badAccessKey };
  const expiresRaw = param('X-Amz-Expires') ?? '';
  if (!/^\d+$/.test(expiresRaw)) return { error: queryAuthErrors.expires };
  if (Number(expiresRaw) > MAX_PRESIGN_SECONDS) return { error: queryAuthErrors.expiresTooLong };
  const signedHeaders = (param('X-Amz-SignedHeaders') ?? '').split(';').filter((h) => h !== '');
  if (!signedHeaders.includes('host')) return { error: queryAuthErrors.hostUnsigned };
  if (ctx.forceExpired || signedAt + Number(expiresRaw) * 1000 < ctx.nowMs) return { error: S3_ERRORS.expired };
  // S3 refuses x-amz-* headers a presigned URL did not sign (the "headers not signed" failures
  // of checksum headers added by SDKs, protocols.md 5.2).
  const unsigned = Object.keys(ctx.req.headers).filter((name) => name.startsWith('x-amz-') && !signedHeaders.includes(name));
  if (unsigned.length > 0) return { error: unsignedHeadersError(unsigned) };
  const ok = verify(ctx, scope, amzDate, rawPath, query, signedHeaders, UNSIGNED_PAYLOAD, param('X-Amz-Signature') ?? '');
  return ok ? {} : { error: S3_ERRORS.badSignature };
}

function headerAuth(ctx: S3AuthContext, authorization: string, rawPath: string, query: [string, string][]): S3AuthResult {
  let parsed;
  try {
    parsed = parseAuthorization(authorization);
  } catch (error) {
    return { error: headerAuthErrors.malformed(error instanceof Error ? error.message : String(error)) };
  }
  if (parsed === undefined) return { error: S3_ERRORS.unsupportedAuth };
  const amzDate = headerValue(ctx.req, 'x-amz-date') ?? '';
  const signedAt = parseAmzDate(amzDate);
  if (Number.isNaN(signedAt)) return { error: S3_ERRORS.missingDate };
  const scope = parseCredential(parsed.credential);
  const bad = scopeError(scope, amzDate, ctx.region, headerAuthErrors.credential);
  if (bad !== undefined || scope === undefined) return { error: bad ?? S3_ERRORS.accessDenied };
  if (!ctx.credentials.has(scope.accessKeyId)) return { error: S3_ERRORS.badAccessKey };
  if (Math.abs(ctx.nowMs - signedAt) > MAX_SKEW_MS) return { error: S3_ERRORS.skewed };
  if (ctx.forceExpired) return { error: S3_ERRORS.expiredToken };
  const payloadHash = headerValue(ctx.req, 'x-amz-content-sha256');
  if (payloadHash === undefined) return { error: S3_ERRORS.missingSha256 };
  const streaming = STREAMING_MODES[payloadHash];
  if (payloadHash.startsWith('STREAMING-') && streaming === undefined) return { error: S3_ERRORS.streamingUnsupported };
  const hex = /^[0-9a-f]{64}$/.test(payloadHash);
  if (!hex && payloadHash !== UNSIGNED_PAYLOAD && streaming === undefined) {
    return {
      error: {
        status: 400,
        code: 'InvalidArgument',
        message: 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or a valid sha256 value.',
      },
    };
  }
  if (!parsed.signedHeaders.includes('host')) return { error: headerAuthErrors.malformed('SignedHeaders must include host') };
  const ok = verify(ctx, scope, amzDate, rawPath, query, parsed.signedHeaders, payloadHash, parsed.signature);
  if (!ok) return { error: S3_ERRORS.badSignature };
  if (streaming !== undefined) {
    if (!streaming.signed) return { streaming: { trailer: streaming.trailer } };
    const key = signingKey(ctx.credentials.get(scope.accessKeyId) ?? '', scope.date, scope.region, scope.service);
    return { streaming: { trailer: streaming.trailer, signing: { key, amzDate, scope: scopeString(scope), seedSignature: parsed.signature } } };
  }
  return hex ? { payloadSha256: payloadHash } : {};
}
