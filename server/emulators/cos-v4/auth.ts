import type { IncomingMessage } from 'node:http';
import { cosV4MacMatches, decodeCosV4Signature } from '../../verify/cos-v4.js';
import { COS_ERRORS, type CosError } from './errors.js';

/** How far ahead of the server's clock a signing time may be before -59. */
const MAX_FUTURE_SECONDS = 300;
/** protocols.md 4.4: a multi-effect signature expires at most three months after signing. */
const MAX_LIFETIME_SECONDS = 92 * 24 * 3600;

export interface CosAuthContext {
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly appid: string;
  readonly bucket: string;
  /** `/<appid>/<bucket>/<path>` as it appears in the request path (percent-encoded). */
  readonly fileId: string;
  /** SecretId → SecretKey. */
  readonly credentials: ReadonlyMap<string, string>;
  readonly nowSeconds: number;
  /** The `expire` fault: answer as if the signature had run out. */
  readonly forceExpired: boolean;
}

/**
 * Checks the multi-effect signature from `Authorization` or `?sign=` (protocols.md 4, 4.4).
 * The MAC is checked before anything the plaintext claims, so a forged plaintext learns nothing.
 */
export function authenticateCos(ctx: CosAuthContext): CosError | undefined {
  const header = ctx.req.headers.authorization;
  const sign = header !== undefined && header !== '' ? header : ctx.url.searchParams.get('sign');
  if (sign === null || sign === '') return { ...COS_ERRORS.badSignature, message: 'no signature: send it as ?sign= or in Authorization' };
  const decoded = decodeCosV4Signature(sign);
  if (decoded === undefined) return { ...COS_ERRORS.badSignature, message: 'the signature is not a multi-effect signature (base64 of HMAC and plaintext)' };
  const secret = ctx.credentials.get(decoded.fields.secretId);
  if (secret === undefined || !cosV4MacMatches(decoded, secret)) return COS_ERRORS.badSignature;
  const { fields } = decoded;
  if (fields.appid !== ctx.appid) return COS_ERRORS.appidMismatch;
  if (fields.bucket !== ctx.bucket) return COS_ERRORS.bucketMismatch;
  if (fields.fileId !== '' && fields.fileId !== ctx.fileId) return COS_ERRORS.fileIdMismatch;
  if (fields.expire === 0) return { ...COS_ERRORS.badSignature, message: 'a single-effect signature (e=0) cannot upload' };
  if (fields.now > ctx.nowSeconds + MAX_FUTURE_SECONDS || fields.expire <= fields.now || fields.expire - fields.now > MAX_LIFETIME_SECONDS) {
    return COS_ERRORS.outOfWindow;
  }
  if (ctx.forceExpired || fields.expire <= ctx.nowSeconds) return COS_ERRORS.expired;
  return undefined;
}
