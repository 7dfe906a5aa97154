import type { FileDigestRequest, FileDigests, RangeAlgorithm, RangeDigests, RangeOptions } from '../protocols/protocol.js';

/** Messages from the pool to a worker. The File crosses once (`open`); jobs name it by id. */
export type HashRequest =
  | { readonly type: 'open'; readonly fileId: number; readonly file: Blob }
  | { readonly type: 'close'; readonly fileId: number }
  | {
      readonly type: 'range';
      readonly id: number;
      readonly fileId: number;
      readonly start: number;
      readonly end: number;
      readonly algorithms: readonly RangeAlgorithm[];
      readonly options: RangeOptions;
    }
  | { readonly type: 'file'; readonly id: number; readonly fileId: number; readonly request: FileDigestRequest }
  | { readonly type: 'cancel'; readonly id: number };

/** Messages from a worker to the pool. */
export type HashResponse =
  | { readonly type: 'range'; readonly id: number; readonly digests: RangeDigests }
  | { readonly type: 'file'; readonly id: number; readonly digests: FileDigests }
  | { readonly type: 'error'; readonly id: number; readonly message: string }
  | { readonly type: 'ready'; readonly engine: 'wasm' | 'js' };
