import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** A Qiniu upload error: an HTTP status (Qiniu uses its own 5xx/6xx/7xx ones) and a text. */
export interface QiniuError {
  readonly status: number;
  readonly error: string;
}

function reqId(): string {
  return randomBytes(12).toString('base64url');
}

/** JSON as the upload hosts answer it, with their request-id and log headers. */
export function sendQiniuJson(res: ServerResponse, status: number, body: unknown, op = 'UP'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'X-Reqid': reqId(),
    'X-Log': `${op}:1/${status}`,
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** Errors are `{"error": "<message>"}` (protocols.md 1.3). */
export function sendQiniuError(res: ServerResponse, error: QiniuError, op?: string): void {
  sendQiniuJson(res, error.status, { error: error.error }, op);
}

/** Texts follow what the service answers where known (bad token, expired token, invalid context). */
export const QINIU_ERRORS = {
  noToken: { status: 401, error: 'token not specified' },
  badToken: { status: 401, error: 'bad token' },
  expiredToken: { status: 401, error: 'expired token' },
  scopeMismatch: { status: 401, error: 'key doesn\'t match with scope' },
  noSuchBucket: { status: 631, error: 'no such bucket' },
  invalidContext: { status: 701, error: 'invalid context' },
  expiredContext: { status: 701, error: 'context expired' },
  wrongHost: { status: 701, error: 'invalid context: this block was created on another upload host' },
  wrongOffset: { status: 701, error: 'invalid context: offset does not follow the previous chunk' },
  exists: { status: 614, error: 'file exists' },
  tooLarge: { status: 413, error: 'file exceeds the fsizeLimit of the upload policy' },
  contentType: { status: 400, error: 'Content-Type must be application/octet-stream' },
  incomplete: { status: 400, error: 'incomplete body: fewer bytes than Content-Length' },
  noLength: { status: 411, error: 'Content-Length required' },
  badPath: { status: 400, error: 'invalid request path' },
} as const satisfies Record<string, QiniuError>;
