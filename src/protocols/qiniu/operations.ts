import type { FileInfo, Operation, SessionBound, SessionIssued } from '../../contracts/signer.js';

export interface TokenRequest extends SessionBound {
  readonly file: FileInfo;
  readonly key?: string;
}
export interface TokenResponse extends SessionIssued {
  readonly token: string;
  /** Unix milliseconds. */
  readonly expiresAt: number;
  readonly key?: string;
  /** Upload hosts the backend vouches for, in order of preference. */
  readonly uploadHosts?: readonly string[];
}

/**
 * Qiniu's signer operations: `token` (an UpToken plus the upload hosts); the browser speaks
 * mkblk/bput/mkfile itself.
 */
export type QiniuOperations = {
  readonly token: Operation<TokenRequest, TokenResponse>;
};
