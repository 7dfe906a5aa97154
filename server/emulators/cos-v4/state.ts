import type { FormFile } from './form.js';
import type { UploadPart } from './slices.js';

/** An unfinished slice upload: one per path (protocols.md 4.2: -4019 / -4020 are per path). */
export interface SliceUpload {
  readonly session: string;
  readonly bucket: string;
  /** The object key (decoded path). */
  readonly key: string;
  /** The path as it appears in URLs (percent-encoded). */
  readonly path: string;
  readonly filesize: number;
  readonly sliceSize: number;
  readonly sha: string | undefined;
  readonly parts: readonly UploadPart[] | undefined;
  readonly serial: boolean;
  readonly insertOnly: boolean;
  readonly slices: Map<number, FormFile>;
  /** Slices of this session being received right now. */
  inFlight: number;
  /** The most slices of this session ever received at once. */
  maxInFlight: number;
}

export interface CosObject {
  readonly bucket: string;
  readonly key: string;
  readonly path: string;
  readonly file: string;
  readonly size: number;
  readonly md5: string;
  readonly sha1: string;
}

/** The expected length of the slice at `offset`, or undefined when `offset` is not a slice start. */
export function sliceLength(upload: SliceUpload, offset: number): number | undefined {
  if (!Number.isInteger(offset) || offset < 0 || offset % upload.sliceSize !== 0 || offset >= upload.filesize) return undefined;
  return Math.min(upload.sliceSize, upload.filesize - offset);
}

export function sliceCount(upload: SliceUpload): number {
  return Math.ceil(upload.filesize / upload.sliceSize);
}

/** A non-negative integer form field, or undefined. */
export function integerField(fields: ReadonlyMap<string, string>, name: string): number | undefined {
  const text = fields.get(name);
  return text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}
