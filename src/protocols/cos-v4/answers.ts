import { UploadError } from '../../transport/upload-error.js';
import type { JsonObject } from '../../contracts/json.js';

/** What upload_slice_list answers (protocols.md 4.1): a session and its slices, or a finished file. */
export interface Listing {
  readonly session?: string;
  readonly sliceSize?: number;
  readonly filesize?: number;
  readonly sha?: string;
  readonly serial: boolean;
  readonly slices: readonly { readonly offset: number; readonly datalen: number }[];
  readonly accessUrl?: string;
  readonly response: JsonObject;
}

function malformed(op: string, what: string): UploadError {
  return new UploadError(`${op} answered without ${what}`, { kind: 'protocol', code: 'bad-answer' });
}

const positive = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
};

export function readStarted(data: JsonObject): { readonly session: string; readonly sliceSize: number; readonly serial: boolean } {
  const session = data.session;
  const sliceSize = positive(data.slice_size);
  if (typeof session !== 'string' || session === '') throw malformed('upload_slice_init', 'a session');
  if (sliceSize === undefined) throw malformed('upload_slice_init', 'a positive slice_size');
  return { session, sliceSize, serial: Number(data.serial_upload) === 1 };
}

export function readListing(data: JsonObject): Listing {
  const slices: { offset: number; datalen: number }[] = [];
  const parts = Array.isArray(data.listparts) ? data.listparts : [];
  for (const item of parts) {
    const entry = (item ?? {}) as Record<string, unknown>;
    const offset = Number(entry.offset);
    const datalen = Number(entry.datalen);
    if (Number.isInteger(offset) && offset >= 0 && Number.isInteger(datalen) && datalen > 0) slices.push({ offset, datalen });
  }
  const sliceSize = positive(data.slice_size);
  const filesize = Number(data.filesize);
  return {
    ...(typeof data.session === 'string' && data.session !== '' ? { session: data.session } : {}),
    ...(sliceSize === undefined ? {} : { sliceSize }),
    ...(data.filesize !== undefined && Number.isInteger(filesize) ? { filesize } : {}),
    // The JS SDK reads only what precedes an underscore (4.1).
    ...(typeof data.sha === 'string' && data.sha !== '' ? { sha: data.sha.split('_')[0] ?? '' } : {}),
    serial: Number(data.serial_upload) === 1,
    slices,
    ...(typeof data.access_url === 'string' ? { accessUrl: data.access_url } : {}),
    response: data,
  };
}

/** Slices of a listing that start where this slice size puts slices: offset → length. */
export function listedSlices(listing: Listing, sliceSize: number): Map<number, number> {
  const slices = new Map<number, number>();
  for (const { offset, datalen } of listing.slices) if (offset % sliceSize === 0) slices.set(offset, datalen);
  return slices;
}

/**
 * COS answers no per-slice ETag; a slice is named by where it sits. Within one session that is
 * enough: the session is bound to the whole-file sha, which the service checks.
 */
export function sliceTag(offset: number, size: number): string {
  return `slice-${offset}-${size}`;
}
