import { classifyStatus } from '../../transport/classify.js';
import { UploadError, type ErrorKind } from '../../transport/upload-error.js';
import { issuedSession } from '../shared/sign-answers.js';
import type { TokenResponse } from './operations.js';

/** UTF-8 text as URL-safe base64 with padding, as mkfile path values want it (protocols.md 1.3). */
export function urlSafeBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_');
}

/** What mkblk and bput answer with (protocols.md 1.3). */
export interface ChunkAnswer {
  readonly ctx: string;
  readonly crc32: number;
  readonly offset: number;
  readonly host: string | undefined;
  /** Unix seconds; null when the answer had none (then the ctx is never trusted after a reload). */
  readonly expiredAt: number | null;
}

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A ctx goes into a URL path verbatim, so it must not be able to change the path. */
const CTX = /^[A-Za-z0-9_\-=+.~]+$/;

export function parseChunkAnswer(body: string): ChunkAnswer | undefined {
  const value = parseObject(body);
  if (value === undefined) return undefined;
  const { ctx, crc32, offset, host, expired_at: expiredAt } = value;
  if (typeof ctx !== 'string' || !CTX.test(ctx)) return undefined;
  if (typeof crc32 !== 'number' || typeof offset !== 'number' || !Number.isInteger(offset)) return undefined;
  return {
    ctx,
    crc32,
    offset,
    host: typeof host === 'string' && host !== '' ? host : undefined,
    expiredAt: typeof expiredAt === 'number' && Number.isFinite(expiredAt) ? expiredAt : null,
  };
}

export function parseJsonObject(body: string): Record<string, unknown> | undefined {
  return parseObject(body);
}

/** The `error` text of an error answer (`{"error": "..."}`), if any. */
export function errorText(body: string): string | undefined {
  const error = parseObject(body)?.error;
  return typeof error === 'string' ? error : undefined;
}

/**
 * A 401 says both "bad token" and "expired token" (or "token expired N seconds ago"); only the
 * text tells a token to refresh from one that will never work (see README, Provider: qiniu).
 */
export function isExpiredToken(status: number, text: string | undefined): boolean {
  return status === 401 && /expired/i.test(text ?? '');
}

/** protocols.md 1.3 "v1 status codes and what the client does". */
const KINDS: Readonly<Record<number, ErrorKind>> = {
  400: 'client',
  401: 'auth',
  403: 'invalid',
  406: 'integrity',
  413: 'invalid',
  419: 'auth',
  579: 'server',
  599: 'server',
  612: 'session-gone',
  614: 'conflict',
  631: 'config',
  701: 'session-gone',
};

const ADVICE: Readonly<Record<number, string>> = {
  400: 'the request was malformed; this is a bug, please report it',
  401: "check the signer's AccessKey and SecretKey, and that the token's scope names this bucket and key",
  403: "the upload policy's mimeLimit (or fsizeMin) refuses this file; change the file or the policy",
  406: 'the bytes arrived changed; sending them again',
  413: "the file is larger than the upload policy's fsizeLimit; pick a smaller file or raise the limit",
  419: 'the Qiniu account is frozen; contact the account owner',
  612: 'the upload is no longer known; starting it again',
  614: 'an object with this key exists and the upload policy does not allow overwriting; choose another key',
  631: 'the bucket does not exist; check the signer configuration',
  701: 'a block context is no longer valid; uploading again',
};

/** An UploadError for a Qiniu error answer, with the status as the provider code. */
export function qiniuError(what: string, status: number, body: string, url: string, retryAfterMs?: number): UploadError {
  const text = errorText(body);
  const kind: ErrorKind = isExpiredToken(status, text) ? 'expired-credential' : (KINDS[status] ?? classifyStatus(status));
  const advice = kind === 'expired-credential' ? 'asking the signer for a new token' : (ADVICE[status] ?? (kind === 'server' || kind === 'throttled' ? 'retrying' : 'see the error text'));
  return new UploadError(`${what} failed with HTTP ${status}${text === undefined ? '' : ` (${text})`}; ${advice}`, {
    kind,
    status,
    code: String(status),
    method: 'POST',
    url,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** Checks the signer's answer to `token` (or `put`, which answers alike) before it is trusted. */
export function expectToken(value: unknown, op = 'token'): TokenResponse {
  const malformed = (what: string): UploadError =>
    new UploadError(`the signer's answer to ${op} is malformed: ${what}`, { kind: 'protocol', code: 'bad-signer-answer' });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed('not a JSON object');
  const { token, expiresAt, key, uploadHosts } = value as Record<string, unknown>;
  if (typeof token !== 'string' || token.split(':').length !== 3) throw malformed('token must be an UpToken (AccessKey:sign:policy)');
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) throw malformed('expiresAt must be Unix milliseconds');
  if (key !== undefined && (typeof key !== 'string' || key === '')) throw malformed('key must be a non-empty string');
  if (uploadHosts !== undefined && (!Array.isArray(uploadHosts) || !uploadHosts.every((h) => typeof h === 'string'))) {
    throw malformed('uploadHosts must be an array of strings');
  }
  const issued = issuedSession(op, value as Record<string, unknown>);
  return {
    token,
    expiresAt,
    ...(issued === undefined ? {} : { session: issued.token, sessionExpiresAt: issued.expiresAt }),
    ...(key === undefined ? {} : { key }),
    ...(uploadHosts === undefined ? {} : { uploadHosts: uploadHosts as string[] }),
  };
}
