import type { JsonObject } from './json.js';

/**
 * The backend contract, as one callback over a typed union of requests (Uppy's final shape).
 * The default implementation POSTs each request as JSON to `<endpoint>/<op>`; a page may
 * instead set the element's `signer` property to a function of the same type.
 *
 * Which operations a provider uses:
 * - presigned-part family (OSS, QingStor, S3): `initiate`, `part`, `list`, `complete`, `abort`.
 *   The backend initiates, lists, completes and aborts; the browser only PUTs part bytes.
 * - Qiniu: `token` (an UpToken plus the upload hosts); the browser speaks mkblk/bput/mkfile.
 * - COS v4: `sign` (a multi-effect signature plus the file URL); the browser speaks the rest.
 * Every provider may also receive `abort` for orphaned uploads found during cleanup.
 */

export type ProviderName = 'qiniu' | 'oss' | 'qingstor' | 'cos-v4' | 's3';

export interface FileInfo {
  readonly name: string;
  readonly size: number;
  readonly type: string;
  readonly lastModified: number;
  /** The object key the page asks for; the backend has the last word. */
  readonly key?: string;
}

/**
 * The upload session token a backend such as chunk-uploader/server issues when an upload is
 * opened (`initiate`, or a target's first `token`/`sign`). Opaque to the browser, which sends
 * it back as `session` with every later request of that upload. A credential: it is journaled
 * with its expiry and dropped after it, and never logged.
 */
export interface SignerSession {
  readonly token: string;
  /** Unix milliseconds. */
  readonly expiresAt: number;
}

/** Sent with every request after the one that opened the upload, when the backend issued a session. */
export interface SessionBound {
  readonly session?: string;
}

export interface InitiateRequest {
  readonly op: 'initiate';
  readonly provider: ProviderName;
  readonly file: FileInfo;
  /** The object key the page asks for; the backend decides. */
  readonly key?: string;
}
export interface PartRequest extends SessionBound {
  readonly op: 'part';
  readonly provider: ProviderName;
  readonly key: string;
  readonly uploadId: string;
  readonly partNumber: number;
  /** Base64 MD5 of the part when the browser will send Content-MD5; some schemes sign it. */
  readonly contentMd5?: string;
}
export interface ListRequest extends SessionBound {
  readonly op: 'list';
  readonly provider: ProviderName;
  readonly key: string;
  readonly uploadId: string;
}
export interface CompleteRequest extends SessionBound {
  readonly op: 'complete';
  readonly provider: ProviderName;
  readonly key: string;
  readonly uploadId: string;
  readonly parts: readonly { readonly partNumber: number; readonly etag: string }[];
  /** Hex MD5 of the whole file, when it was computed (QingStor stores it as the ETag). */
  readonly fileMd5?: string;
}
export interface AbortRequest extends SessionBound {
  readonly op: 'abort';
  readonly provider: ProviderName;
  readonly key: string;
  readonly uploadId: string;
}
export interface TokenRequest extends SessionBound {
  readonly op: 'token';
  readonly provider: ProviderName;
  readonly file: FileInfo;
  readonly key?: string;
}
export interface SignatureRequest extends SessionBound {
  readonly op: 'sign';
  readonly provider: ProviderName;
  readonly file: FileInfo;
  readonly key?: string;
}

export type SignRequest =
  | InitiateRequest
  | PartRequest
  | ListRequest
  | CompleteRequest
  | AbortRequest
  | TokenRequest
  | SignatureRequest;

export type SignOp = SignRequest['op'];

/** What an answer that opens an upload may add: the backend's session token and its expiry. */
export interface SessionIssued {
  readonly session?: string;
  /** Unix milliseconds. */
  readonly sessionExpiresAt?: number;
}

export interface InitiateResponse extends SessionIssued {
  readonly uploadId: string;
  readonly key: string;
}
export interface PartResponse {
  readonly url: string;
  /** Headers the browser must send exactly as given (they are part of the signature). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Unix milliseconds after which the URL no longer works. */
  readonly expiresAt?: number;
}
export interface ListedPart {
  readonly partNumber: number;
  readonly etag: string;
  readonly size: number;
}
export interface ListResponse {
  /** Null when the server no longer knows the upload (NoSuchUpload and kin). */
  readonly parts: readonly ListedPart[] | null;
}
export interface CompleteResponse extends JsonObject {
  readonly key: string;
}
export interface TokenResponse extends SessionIssued {
  readonly token: string;
  /** Unix milliseconds. */
  readonly expiresAt: number;
  readonly key?: string;
  /** Upload hosts the backend vouches for, in order of preference. */
  readonly uploadHosts?: readonly string[];
}
export interface SignatureResponse extends SessionIssued {
  readonly sign: string;
  /** Unix milliseconds. */
  readonly expiresAt: number;
  /** The file's API URL the signature is bound to. */
  readonly url: string;
  readonly key: string;
}

/** What each operation answers; adapters validate answers before trusting them. */
export interface SignResponseMap {
  initiate: InitiateResponse;
  part: PartResponse;
  list: ListResponse;
  complete: CompleteResponse;
  abort: Record<string, never> | JsonObject;
  token: TokenResponse;
  sign: SignatureResponse;
}

/**
 * The signing callback. It answers with plain data (whatever the JSON API would have sent);
 * the adapter checks its shape and turns a malformed answer into a `protocol` UploadError.
 */
export type Signer = (request: SignRequest, options: { readonly signal: AbortSignal }) => Promise<unknown>;
