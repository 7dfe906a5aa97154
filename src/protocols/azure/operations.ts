import type { JsonValue } from '../../contracts/json.js';
import type { FileInfo, Operation, SessionBound, SessionIssued } from '../../contracts/signer.js';
import type { PutRequest, PutResponse } from '../shared/presigned-ops.js';

/**
 * Azure's signer operations (README "Provider: azure"). The browser only sends Put Block, with the
 * upload's one SAS; the backend lists the blocks on resume and commits them.
 */
export interface AzureInitiateRequest {
  readonly file: FileInfo;
  /** The blob name the page asks for; the backend decides. */
  readonly key?: string;
}
/** `session`: the token chunk-uploader/server issued at initiate, sent back with every later call. */
export interface AzureUploadRequest extends SessionBound {
  readonly key: string;
  readonly uploadId: string;
}
export interface AzureCommitRequest extends AzureUploadRequest {
  /** In blob order: block `i` is part `i + 1`. */
  readonly blockIds: readonly string[];
  readonly contentType?: string;
  /** Hex MD5 of the whole file, stored as the blob's Content-MD5. */
  readonly fileMd5?: string;
}

/** The blob's URL with the upload's SAS query, and when the SAS runs out (Unix ms). */
export interface AzureSas {
  readonly url: string;
  readonly expiresAt: number;
}
export interface AzureStarted extends AzureSas, SessionIssued {
  readonly key: string;
  /** 32 lowercase hex digits: part of every block id of the upload. */
  readonly uploadId: string;
}
export interface AzureBlocks {
  readonly blocks: readonly { readonly blockId: string; readonly size: number }[];
}
export interface AzureCommitted {
  readonly key: string;
  readonly [field: string]: JsonValue | undefined;
}

export type AzureOperations = {
  readonly initiate: Operation<AzureInitiateRequest, AzureStarted>;
  /** Put Blob for a file that fits in one part: the blob's URL with a SAS, and `x-ms-blob-type`. */
  readonly put: Operation<PutRequest, PutResponse>;
  /** A fresh SAS for the same blob, when the last one ran out. */
  readonly sas: Operation<AzureUploadRequest, AzureSas>;
  readonly list: Operation<AzureUploadRequest, AzureBlocks>;
  readonly complete: Operation<AzureCommitRequest, AzureCommitted>;
  /** Answered with `{}`; nothing in it is read. */
  readonly abort: Operation<AzureUploadRequest, Readonly<Record<string, undefined>>>;
};
