/**
 * A refusal the signer answers with: HTTP `status` and a JSON body `{ code, message }`. Throw
 * one from `authorize` or `key` to refuse with your own status, code and message; anything
 * else thrown there becomes a 500 `SignerFailure` whose details stay on the server.
 */
export class SignerError extends Error {
  readonly status: number;
  readonly code: string;
  /** Seconds the browser should wait before asking again (429, 503). */
  readonly retryAfterSeconds: number | undefined;
  /** The storage's own refusal, relayed: its message is scrubbed before it leaves. */
  readonly fromStorage: boolean;

  constructor(
    status: number,
    code: string,
    message: string,
    init: { readonly retryAfterSeconds?: number; readonly fromStorage?: boolean; readonly cause?: unknown } = {},
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'SignerError';
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.fromStorage = init.fromStorage ?? false;
  }
}

/**
 * The codes this package answers with (README "The signer JSON API", Errors). Storage
 * refusals keep the storage's own code (`NoSuchUpload`, `InvalidPart`, `SlowDown`, …).
 */
export const SIGNER_CODES = {
  /** 401: `authorize` found no user. The element asks `signerHeaders` for fresh credentials once. */
  unauthenticated: 'Unauthenticated',
  /** 403: `authorize` knows the user and refuses. */
  forbidden: 'Forbidden',
  /** 403: the request's Origin is not on the allowlist. */
  originNotAllowed: 'OriginNotAllowed',
  /** 403: no session token, or one that another user, key, upload or target owns, or a forged one. */
  sessionRequired: 'SessionRequired',
  sessionMismatch: 'SessionMismatch',
  /** 403: the upload's session token ran out; the element starts the file over. */
  sessionExpired: 'SessionExpired',
  /** 413: over `maxFileSize`. */
  fileTooLarge: 'FileTooLarge',
  /** 415: outside `accept`. */
  fileTypeNotAllowed: 'FileTypeNotAllowed',
  /** 429: the user has `maxConcurrentUploads` uploads open. */
  tooManyUploads: 'TooManyUploads',
  /** 400: the parts the storage lists do not add up to the size declared at initiate (the upload is aborted when they exceed it). */
  sizeMismatch: 'SizeMismatch',
  invalidRequest: 'InvalidRequest',
  invalidKey: 'InvalidKey',
  unknownOperation: 'UnknownOperation',
  methodNotAllowed: 'MethodNotAllowed',
  unsupportedMediaType: 'UnsupportedMediaType',
  storageUnavailable: 'StorageUnavailable',
  signerFailure: 'SignerFailure',
} as const;

export function unauthenticated(message = 'sign in to upload'): SignerError {
  return new SignerError(401, SIGNER_CODES.unauthenticated, message);
}

export function forbidden(message = 'you may not upload here'): SignerError {
  return new SignerError(403, SIGNER_CODES.forbidden, message);
}
