import type { FileDigestRequest, FileDigests, RangeAlgorithm, RangeDigests, RangeOptions } from '../contracts/protocol.js';

/** A job: digests of one range, or of the whole file (optionally with every part's digests). */
export type HashJob =
  | {
      readonly type: 'range';
      readonly id: number;
      readonly fileId: number;
      readonly start: number;
      readonly end: number;
      readonly algorithms: readonly RangeAlgorithm[];
      readonly options: RangeOptions;
    }
  | {
      readonly type: 'file';
      readonly id: number;
      readonly fileId: number;
      readonly request: FileDigestRequest;
      /** When set, also report the digests of each `partSize` run, as the pass reaches it. */
      readonly parts?: { readonly partSize: number; readonly algorithms: readonly RangeAlgorithm[] };
    };

/** Messages from the pool to a worker. The File crosses once (`open`); jobs name it by id. */
export type HashRequest =
  | { readonly type: 'open'; readonly fileId: number; readonly file: Blob }
  | { readonly type: 'close'; readonly fileId: number }
  | HashJob
  | { readonly type: 'cancel'; readonly id: number };

/** Messages from a worker to the pool. Every job ends with exactly one of range/file/error/canceled. */
export type HashResponse =
  | { readonly type: 'range'; readonly id: number; readonly digests: RangeDigests }
  | { readonly type: 'part'; readonly id: number; readonly index: number; readonly digests: RangeDigests }
  | { readonly type: 'file'; readonly id: number; readonly digests: FileDigests }
  | { readonly type: 'error'; readonly id: number; readonly message: string }
  | { readonly type: 'canceled'; readonly id: number }
  | { readonly type: 'ready'; readonly engine: 'js' | 'noble' };
