/**
 * The backend contract, as one callback over the operations of a target (Uppy's final shape).
 * The default implementation POSTs each request as JSON to `<endpoint>/<op>`; a page may
 * instead pass a function. Which operations exist is each target's business: it declares them
 * as an OperationMap (the presigned-part family's initiate/part/list/complete/abort, Qiniu's
 * `token`, …), and `SignerFor<typeof target>` types a page's callback by them.
 */

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

/** What an answer that opens an upload may add: the backend's session token and its expiry. */
export interface SessionIssued {
  readonly session?: string;
  /** Unix milliseconds. */
  readonly sessionExpiresAt?: number;
}

export interface SignOptions {
  readonly signal: AbortSignal;
}

/** What the engine sees of any request: the operation and the target it is for. */
export interface SignRequest {
  readonly op: string;
  /** The target's name (`oss`, `qiniu`, …): the default signer posts to `<endpoint>/<op>`. */
  readonly provider: string;
}

/**
 * The signing callback the engine calls. It answers with plain data (whatever the JSON API
 * would have sent); the adapter checks its shape and turns a malformed answer into a
 * `protocol` UploadError. Declared as a method type so that a signer typed for one target's
 * requests (TypedSigner) is accepted where the engine expects any.
 */
export type Signer = { sign(request: SignRequest, options: SignOptions): Promise<unknown> }['sign'];

/** One signer operation: the fields the browser sends besides `op` and `provider`, and the answer. */
export interface Operation<Request extends object = object, Answer = unknown> {
  readonly request: Request;
  readonly answer: Answer;
}

/** A target's signer operations by name. */
export type OperationMap = { readonly [op: string]: Operation };

/** The requests a target's signer receives: one member per operation, told apart by `op`. */
export type SignRequestOf<Ops, Name extends string = string> = {
  [Op in keyof Ops & string]: Ops[Op] extends Operation<infer Request> ? { readonly op: Op; readonly provider: Name } & Request : never;
}[keyof Ops & string];

/** Any answer of a target's operations. */
export type SignAnswerOf<Ops> = {
  [Op in keyof Ops]: Ops[Op] extends Operation<object, infer Answer> ? Answer : never;
}[keyof Ops];
