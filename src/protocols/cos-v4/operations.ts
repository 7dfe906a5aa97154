import type { FileInfo, Operation, SessionBound, SessionIssued } from '../../contracts/signer.js';

export interface SignatureRequest extends SessionBound {
  readonly file: FileInfo;
  readonly key?: string;
}
export interface SignatureResponse extends SessionIssued {
  readonly sign: string;
  /** Unix milliseconds. */
  readonly expiresAt: number;
  /** The file's API URL the signature is bound to. */
  readonly url: string;
  readonly key: string;
}

/** COS v4's signer operation: `sign` (a multi-effect signature plus the file URL); the browser speaks the rest. */
export type CosV4Operations = {
  readonly sign: Operation<SignatureRequest, SignatureResponse>;
};
