import { randomBytes } from 'node:crypto';
import { copyFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { PartAcceptCount } from '../shared/emulator.js';
import { badParam, COS_ERRORS, type CosError } from './errors.js';
import type { FormFile } from './form.js';
import { joinSlices, parseUploadparts, verifySlice } from './slices.js';
import { integerField, sliceCount, sliceLength, type CosObject, type SliceUpload } from './state.js';

/** protocols.md 4.3: the slice sizes the list API names. */
export const SLICE_SIZES: ReadonlySet<number> = new Set([524288, 1048576, 2097152, 3145728]);
const SHA_HEX = /^[0-9a-f]{40}$/;

export interface CosSettings {
  /** A slice size the server answers whatever the request asked (tests of 4.1's rule). */
  sliceSize: number | undefined;
  /** Answer `serial_upload: 1` and refuse a second slice of a session while one is in flight. */
  serialUpload: boolean;
  clockOffsetMs: number;
}

export interface CosState {
  readonly dir: string;
  /** Unfinished uploads by `<bucket>/<key>`. */
  readonly uploads: Map<string, SliceUpload>;
  readonly sessions: Map<string, SliceUpload>;
  readonly objects: Map<string, CosObject>;
  readonly accepts: Map<string, PartAcceptCount>;
  readonly settings: CosSettings;
}

/** The file a request addresses: `/files/v2/<appid>/<bucket>/<path>`. */
export interface CosTarget {
  readonly appid: string;
  readonly bucket: string;
  readonly path: string;
  readonly key: string;
  readonly fileId: string;
  readonly origin: string;
}

export type OpAnswer = CosError | { readonly data: Readonly<Record<string, unknown>> };

function objectUrls(target: CosTarget): { readonly data: Readonly<Record<string, unknown>> } {
  const resource = `/${target.appid}/${target.bucket}/${target.path}`;
  return {
    data: {
      access_url: `${target.origin}${resource}`,
      resource_path: resource,
      source_url: `${target.origin}${resource}`,
      url: `${target.origin}/files/v2${resource}`,
    },
  };
}

async function dropUpload(state: CosState, upload: SliceUpload): Promise<void> {
  if (state.uploads.get(`${upload.bucket}/${upload.key}`) === upload) state.uploads.delete(`${upload.bucket}/${upload.key}`);
  state.sessions.delete(upload.session);
  await Promise.all([...upload.slices.values()].map((slice) => unlink(slice.path).catch(() => undefined)));
  upload.slices.clear();
}

async function putObject(state: CosState, target: CosTarget, file: string, size: number, md5: string, sha1: string): Promise<void> {
  const id = `${target.bucket}/${target.key}`;
  const previous = state.objects.get(id);
  if (previous !== undefined) await unlink(previous.file).catch(() => undefined);
  state.objects.set(id, { bucket: target.bucket, key: target.key, path: target.path, file, size, md5, sha1 });
}

export async function init(state: CosState, target: CosTarget, fields: ReadonlyMap<string, string>): Promise<OpAnswer> {
  const filesize = integerField(fields, 'filesize');
  if (filesize === undefined) return badParam('filesize must be a non-negative integer');
  const requested = integerField(fields, 'slice_size');
  if (requested === undefined || !SLICE_SIZES.has(requested)) return COS_ERRORS.badSliceSize;
  const sha = fields.get('sha');
  if (sha !== undefined && !SHA_HEX.test(sha)) return badParam('sha must be 40 lowercase hex digits');
  const insertOnly = fields.get('insertOnly') ?? '1';
  if (insertOnly !== '0' && insertOnly !== '1') return badParam('insertOnly must be 0 or 1');
  const rawParts = fields.get('uploadparts');
  const parts = rawParts === undefined ? undefined : parseUploadparts(rawParts, filesize, sha);
  if (parts !== undefined && !Array.isArray(parts)) return parts;

  const id = `${target.bucket}/${target.key}`;
  const existing = state.objects.get(id);
  if (existing !== undefined) {
    if (sha !== undefined && existing.sha1 === sha && existing.size === filesize) return objectUrls(target);
    if (insertOnly === '1') return COS_ERRORS.exists;
  }
  // Instant upload ("秒传", 4.1): the same content is already stored elsewhere in the bucket.
  const twin = sha === undefined ? undefined : [...state.objects.values()].find((o) => o.bucket === target.bucket && o.sha1 === sha && o.size === filesize);
  if (twin !== undefined) {
    const file = join(state.dir, `cos-object-${randomBytes(8).toString('hex')}.bin`);
    await copyFile(twin.file, file);
    await putObject(state, target, file, twin.size, twin.md5, twin.sha1);
    return objectUrls(target);
  }
  const unfinished = state.uploads.get(id);
  if (unfinished !== undefined) {
    if (sha !== undefined && unfinished.sha === sha) return COS_ERRORS.sameShaUnfinished;
    // Without a sha on either side the server cannot tell the files apart; ours starts afresh.
    if (sha !== undefined || unfinished.sha !== undefined) return COS_ERRORS.otherShaUnfinished;
    await dropUpload(state, unfinished);
  }
  const upload: SliceUpload = {
    session: randomBytes(48).toString('hex'),
    bucket: target.bucket,
    key: target.key,
    path: target.path,
    filesize,
    sliceSize: state.settings.sliceSize ?? requested,
    sha,
    parts,
    serial: state.settings.serialUpload,
    insertOnly: insertOnly === '1',
    slices: new Map(),
    inFlight: 0,
    maxInFlight: 0,
  };
  state.uploads.set(id, upload);
  state.sessions.set(upload.session, upload);
  return { data: { session: upload.session, slice_size: upload.sliceSize, ...(upload.serial ? { serial_upload: 1 } : {}) } };
}

export function list(state: CosState, target: CosTarget): OpAnswer {
  const id = `${target.bucket}/${target.key}`;
  const upload = state.uploads.get(id);
  if (upload === undefined) return state.objects.has(id) ? objectUrls(target) : COS_ERRORS.noFile;
  const listparts = [...upload.slices.entries()].sort(([a], [b]) => a - b).map(([offset, slice]) => ({ offset, datalen: slice.size }));
  return {
    data: {
      session: upload.session,
      slice_size: upload.sliceSize,
      filesize: upload.filesize,
      ...(upload.sha === undefined ? {} : { sha: upload.sha }),
      ...(upload.serial ? { serial_upload: 1 } : {}),
      listparts,
    },
  };
}

/** The session a data or finish request names, if it belongs to this path. */
export function sessionFor(state: CosState, target: CosTarget, fields: ReadonlyMap<string, string>): SliceUpload | undefined {
  const upload = state.sessions.get(fields.get('session') ?? '');
  return upload !== undefined && upload.bucket === target.bucket && upload.key === target.key ? upload : undefined;
}

/** Checks made when a slice's bytes begin, before any is stored. */
export function admitSlice(upload: SliceUpload, fields: ReadonlyMap<string, string>): CosError | undefined {
  const offset = integerField(fields, 'offset');
  if (offset === undefined || sliceLength(upload, offset) === undefined) {
    return badParam(`offset must be a multiple of slice_size ${upload.sliceSize} below filesize ${upload.filesize}`);
  }
  const sha = fields.get('sha');
  if (sha !== undefined && upload.sha !== undefined && sha !== upload.sha) return COS_ERRORS.shaMismatch;
  if (upload.serial && upload.inFlight > 0) return COS_ERRORS.serialBusy;
  return undefined;
}

export async function acceptSlice(state: CosState, upload: SliceUpload, fields: ReadonlyMap<string, string>, slice: FormFile): Promise<OpAnswer> {
  const offset = integerField(fields, 'offset') ?? -1;
  const expected = sliceLength(upload, offset);
  const refuse = async (error: CosError): Promise<CosError> => {
    await unlink(slice.path).catch(() => undefined);
    return error;
  };
  if (slice.size !== expected) return refuse(badParam(`the slice at ${offset} must be ${String(expected)} bytes; got ${slice.size}`));
  if (upload.parts !== undefined && (await verifySlice(slice.path, offset, slice.size, upload.parts)) === false) {
    return refuse({ ...COS_ERRORS.shaMismatch, message: `sha check failed: the slice at ${offset} does not match uploadparts` });
  }
  // The session may have finished or been replaced while the bytes streamed in.
  if (state.sessions.get(upload.session) !== upload) return refuse(COS_ERRORS.noSession);
  const previous = upload.slices.get(offset);
  if (previous !== undefined) await unlink(previous.path).catch(() => undefined);
  upload.slices.set(offset, slice);
  const countKey = `${upload.session}:${offset}`;
  const count = (state.accepts.get(countKey)?.count ?? 0) + 1;
  state.accepts.set(countKey, { uploadId: upload.session, key: upload.key, partNumber: offset / upload.sliceSize, count });
  return { data: { session: upload.session, offset, datalen: slice.size } };
}

export async function finish(state: CosState, target: CosTarget, fields: ReadonlyMap<string, string>): Promise<OpAnswer> {
  const upload = sessionFor(state, target, fields);
  if (upload === undefined) return COS_ERRORS.noSession;
  const filesize = integerField(fields, 'filesize');
  if (filesize === undefined) return badParam('filesize must be a non-negative integer');
  if (filesize !== upload.filesize) return COS_ERRORS.filesizeMismatch;
  const sha = fields.get('sha');
  if (upload.sha !== undefined && sha === undefined) return COS_ERRORS.shaMissing;
  if (sha !== undefined && sha !== upload.sha) return COS_ERRORS.shaMismatch;
  const paths: string[] = [];
  for (let i = 0; i < sliceCount(upload); i += 1) {
    const slice = upload.slices.get(i * upload.sliceSize);
    if (slice === undefined) return badParam(`the slice at offset ${i * upload.sliceSize} has not been uploaded`);
    paths.push(slice.path);
  }
  const joined = await joinSlices(state.dir, paths);
  if (upload.sha !== undefined && joined.sha1 !== upload.sha) {
    await unlink(joined.path).catch(() => undefined);
    return { ...COS_ERRORS.shaMismatch, message: 'sha check failed: the stored slices do not add up to the file sha' };
  }
  if (upload.insertOnly && state.objects.has(`${target.bucket}/${target.key}`)) {
    await unlink(joined.path).catch(() => undefined);
    return COS_ERRORS.exists;
  }
  await putObject(state, target, joined.path, joined.size, joined.md5, joined.sha1);
  await dropUpload(state, upload);
  return objectUrls(target);
}

export async function dropAll(state: CosState): Promise<void> {
  for (const upload of [...state.uploads.values()]) await dropUpload(state, upload);
  for (const object of state.objects.values()) await unlink(object.file).catch(() => undefined);
  state.objects.clear();
  state.accepts.clear();
}
