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

/** `put`: the request of a first `token`; the answer a token for the one key it names, with no session. */
export interface PutTokenResponse extends Omit<TokenResponse, 'session' | 'sessionExpiresAt'> {
  readonly key: string;
}

/**
 * Qiniu's signer operations: `token` (an UpToken plus the upload hosts; the browser speaks
 * mkblk/bput/mkfile, or v2's multipart, itself) and `put` (an UpToken for one form upload of a
 * small file, protocols.md 1.8).
 */
export type QiniuOperations = {
  readonly token: Operation<TokenRequest, TokenResponse>;
  readonly put: Operation<Omit<TokenRequest, 'session'>, PutTokenResponse>;
};
