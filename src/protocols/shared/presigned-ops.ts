import type { JsonValue } from '../../contracts/json.js';
import type { FileInfo, Operation, SessionBound, SessionIssued } from '../../contracts/signer.js';

/**
 * The signer operations of the presigned-part family (OSS, QingStor, S3): the backend
 * initiates, lists, completes and aborts; the browser only PUTs part bytes to the URL `part`
 * answers. Fields besides `op` and `provider`; the answers are validated in sign-answers.ts.
 */
export interface InitiateRequest {
  readonly file: FileInfo;
  /** The object key the page asks for; the backend decides. */
  readonly key?: string;
  /** The first parts, to be signed with the upload (integrity off: no MD5 to wait for). */
  readonly parts?: PartsRequest['parts'];
}
export interface PartRequest extends SessionBound {
  readonly key: string;
  readonly uploadId: string;
  readonly partNumber: number;
  /** Base64 MD5 of the part when the browser will send Content-MD5; some schemes sign it. */
  readonly contentMd5?: string;
  /** Bytes of the part (the Content-Length the browser sends); S3's signature can cover it. */
  readonly size?: number;
}
/** Many parts of one upload signed in one call (at most 100), each as `part` would sign it. */
export interface PartsRequest extends SessionBound {
  readonly key: string;
  readonly uploadId: string;
  readonly parts: readonly { readonly partNumber: number; readonly size: number; readonly contentMd5?: string }[];
}
/** A whole small file in one PutObject: the policy applies as at `initiate`; no session follows. */
export interface PutRequest {
  readonly file: FileInfo;
  /** The object key the page asks for; the backend decides. */
  readonly key?: string;
  /** Base64 MD5 of the file when the browser will send Content-MD5; the URL is then bound to it. */
  readonly contentMd5?: string;
}
export interface ListRequest extends SessionBound {
  readonly key: string;
  readonly uploadId: string;
}
export interface CompleteRequest extends SessionBound {
  readonly key: string;
  readonly uploadId: string;
  readonly parts: readonly { readonly partNumber: number; readonly etag: string }[];
  /** Hex MD5 of the whole file, when it was computed (QingStor stores it as the ETag). */
  readonly fileMd5?: string;
}
export interface AbortRequest extends SessionBound {
  readonly key: string;
  readonly uploadId: string;
}

export interface InitiateResponse extends SessionIssued {
  readonly uploadId: string;
  readonly key: string;
  /** The first parts' URLs, as `parts` answers them, when asked; optional. */
  readonly parts?: PartsResponse['parts'];
}
export interface PartResponse {
  readonly url: string;
  /** Headers the browser must send exactly as given (they are part of the signature). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Unix milliseconds after which the URL no longer works. */
  readonly expiresAt?: number;
}
/** One grant per part signed, in any order; a backend may sign fewer than asked (the rest are asked again). */
export interface PartsResponse {
  readonly parts: readonly (PartResponse & { readonly partNumber: number })[];
}
/** The PutObject URL, like a part's, and the key the backend chose (the object's home). */
export interface PutResponse extends PartResponse {
  readonly key: string;
  /** Where the object is read back, when the backend knows. */
  readonly location?: string;
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
/** The object's key, and whatever else the backend reports (kept as the result's `response`). */
export interface CompleteResponse {
  readonly key: string;
  readonly [field: string]: JsonValue | undefined;
}

export type PresignedPartOperations = {
  readonly initiate: Operation<InitiateRequest, InitiateResponse>;
  readonly part: Operation<PartRequest, PartResponse>;
  /**
   * Optional: a signer written before it may leave it out of its switch (answer nothing, or
   * throw); the engine then signs each part with `part`.
   */
  readonly parts: Operation<PartsRequest, PartsResponse | undefined>;
  readonly put: Operation<PutRequest, PutResponse>;
  readonly list: Operation<ListRequest, ListResponse>;
  readonly complete: Operation<CompleteRequest, CompleteResponse>;
  /** Answered with `{}`; nothing in it is read. */
  readonly abort: Operation<AbortRequest, Readonly<Record<string, undefined>>>;
};
