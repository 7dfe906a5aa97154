import type { IncomingMessage } from 'node:http';
import { parseUpToken, splitScope, verifyUpToken, type PutPolicy } from '../../verify/qiniu.js';
import { QINIU_ERRORS, type QiniuError } from './errors.js';

export interface QiniuAuthContext {
  readonly req: IncomingMessage;
  readonly credentials: ReadonlyMap<string, string>;
  readonly buckets: ReadonlySet<string>;
  readonly nowMs: number;
  /** The `expire` fault: answer as for a token past its deadline. */
  readonly forceExpired: boolean;
}

export interface QiniuCaller {
  readonly accessKey: string;
  readonly policy: PutPolicy;
  readonly bucket: string;
  /** The key (or key prefix with isPrefixalScope) the token is limited to, if any. */
  readonly scopeKey: string | undefined;
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^UpToken (\S+)$/.exec(header);
  return match === null ? '' : match[1];
}

/** Checks `Authorization: UpToken <token>` (protocols.md 1.2). Returns the caller or the error to answer. */
export function authenticateQiniu(ctx: QiniuAuthContext): QiniuCaller | QiniuError {
  return authenticateUpToken(bearer(ctx.req), ctx);
}

/** Checks an UpToken however it came (header, or a form upload's `token` field). */
export function authenticateUpToken(token: string | undefined, ctx: QiniuAuthContext): QiniuCaller | QiniuError {
  if (token === undefined) return QINIU_ERRORS.noToken;
  const check = verifyUpToken(token, ctx.credentials, ctx.nowMs);
  if (!check.ok) return check.expired ? { status: 401, error: check.message } : QINIU_ERRORS.badToken;
  if (ctx.forceExpired) return QINIU_ERRORS.expiredToken;
  const { bucket, key } = splitScope(check.token.policy.scope);
  if (!ctx.buckets.has(bucket)) return QINIU_ERRORS.noSuchBucket;
  return { accessKey: check.token.accessKey, policy: check.token.policy, bucket, scopeKey: key };
}

export function isQiniuError(value: QiniuCaller | QiniuError): value is QiniuError {
  return 'status' in value;
}

/**
 * The key a request is about, read from the token's scope without verifying it: mkblk and bput
 * carry no key, so this is how faults and the request log scope them to one file.
 */
export function scopeKeyOf(req: IncomingMessage): string | undefined {
  const token = bearer(req);
  if (token === undefined || token === '') return undefined;
  const parsed = parseUpToken(token);
  return parsed === undefined ? undefined : splitScope(parsed.policy.scope).key;
}

/** Whether a key is allowed by the token's scope (exact key, or prefix with isPrefixalScope). */
export function keyInScope(caller: QiniuCaller, key: string): boolean {
  if (caller.scopeKey === undefined) return true;
  return caller.policy.isPrefixalScope === 1 ? key.startsWith(caller.scopeKey) : key === caller.scopeKey;
}
