import { redactText, redactUrl } from './redact.js';

/**
 * The closed set of failure kinds. The retry policy decides on the kind alone, so a new
 * situation maps onto one of these rather than growing the list.
 */
export const ERROR_KINDS = [
  /** No HTTP answer: connection refused, reset, DNS, offline. Retried. */
  'network',
  /** The request took too long, or moved no bytes for the stall window. Retried. */
  'timeout',
  /** Stopped on purpose (pause, cancel, page teardown). Never reported as a failure. */
  'aborted',
  /** A token, signature or presigned URL expired. Signed again; does not spend a retry. */
  'expired-credential',
  /** Credentials rejected for good (bad signature, denied). Terminal. */
  'auth',
  /** The service asked us to slow down (429, SlowDown). Retried with fewer lanes. */
  'throttled',
  /** The target exists or another upload holds it. Terminal. */
  'conflict',
  /** The server-side session (upload id, ctx) is gone. The upload restarts cleanly. */
  'session-gone',
  /** Bytes arrived changed (digest, CRC or ETag mismatch). The part is sent again. */
  'integrity',
  /** The request was refused as malformed or not allowed (other 4xx). Terminal. */
  'client',
  /** The service failed (5xx). Retried. */
  'server',
  /** The answer does not follow the protocol (malformed body, missing field). Retried a few times. */
  'protocol',
  /** The setup is wrong (CORS rule, missing endpoint). Terminal, with what to change. */
  'config',
  /** The caller's input is invalid (attribute, option, file over a limit). Terminal. */
  'invalid',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface UploadErrorInit {
  readonly kind: ErrorKind;
  /** HTTP status, when the failure came from a response. */
  readonly status?: number;
  /** The provider's own error code (`InvalidDigest`, `701`, `-4019`, …). */
  readonly code?: string;
  /** HTTP method of the failed request. */
  readonly method?: string;
  /** URL of the failed request; stored redacted (no query, no opaque segments). */
  readonly url?: string;
  /** A server-suggested wait before retrying, in milliseconds. */
  readonly retryAfterMs?: number;
  /**
   * `all`: nothing this session holds can be trusted (the assembled file came out wrong and the
   * service cannot say which part): the engine forgets every part, sends them all again in the
   * same session, without asking the server's list, and completes again.
   */
  readonly resend?: 'all';
  readonly cause?: unknown;
}

/**
 * Every failure the engine reports is an UploadError. Its message is redacted when it is
 * built, so printing it, logging it or showing it to a user never leaks a secret.
 */
export class UploadError extends Error {
  readonly kind: ErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly resend: 'all' | undefined;

  constructor(message: string, init: UploadErrorInit) {
    const prefixed = message.startsWith('chunk-uploader:') ? message : `chunk-uploader: ${message}`;
    super(redactText(prefixed), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'UploadError';
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.method = init.method;
    this.url = init.url === undefined ? undefined : redactUrl(init.url);
    this.retryAfterMs = init.retryAfterMs;
    this.resend = init.resend;
  }

  /** A plain, secret-free object for events, logs and the journal. */
  toJSON(): Readonly<Record<string, string | number>> {
    const out: Record<string, string | number> = { name: this.name, kind: this.kind, message: this.message };
    if (this.status !== undefined) out.status = this.status;
    if (this.code !== undefined) out.code = this.code;
    if (this.method !== undefined) out.method = this.method;
    if (this.url !== undefined) out.url = this.url;
    return out;
  }
}

export function isUploadError(value: unknown): value is UploadError {
  return value instanceof UploadError;
}

/** Wraps anything thrown into an UploadError, keeping UploadErrors as they are. */
export function toUploadError(value: unknown, fallback: ErrorKind = 'client'): UploadError {
  if (value instanceof UploadError) return value;
  if (value instanceof DOMException && value.name === 'AbortError') {
    return new UploadError('stopped', { kind: 'aborted', cause: value });
  }
  const text = value instanceof Error ? value.message : String(value);
  return new UploadError(text, { kind: fallback, cause: value });
}
