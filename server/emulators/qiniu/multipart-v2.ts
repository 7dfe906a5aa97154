import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { qetagFromBlockSha1s, urlSafeBase64 } from '../../verify/qiniu.js';
import { BodyIncomplete, BodyTooLarge, drain, readSmallBody, type DiskStore } from '../shared/disk-store.js';
import type { EmulatorRequest } from '../shared/emulator-server.js';
import { keyInScope, type QiniuCaller } from './auth.js';
import { QINIU_ERRORS, sendQiniuJson, type QiniuError } from './errors.js';
import type { QiniuObject } from './mkfile.js';
import { mimeAllowed } from './mkfile-path.js';
import { fileHasher } from './qetag-hasher.js';
import { answerStored } from './stored-answer.js';
import type { V2Path } from './v2-path.js';

/**
 * Qiniu multipart v2 (protocols.md 1.4): initiate, upload part with a hex Content-MD5, list
 * parts with paging, complete with the JSON part list, abort. Part sizes (1 MiB..1 GiB, the
 * last smaller) are checked at complete, as the docs say; an upload id lives 7 days.
 */

const MIN_PART = 1024 * 1024;
const MAX_PART = 1024 ** 3;
const UPLOAD_TTL_MS = 7 * 24 * 3600 * 1000;

interface V2Part {
  readonly path: string;
  readonly size: number;
  readonly md5: string;
  readonly etag: string;
  readonly putTime: number;
}

export interface V2Upload {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string | undefined;
  readonly accessKey: string;
  readonly expireAt: number;
  readonly parts: Map<number, V2Part>;
}

export interface V2Deps {
  readonly store: DiskStore;
  readonly uploads: Map<string, V2Upload>;
  readonly objects: Map<string, QiniuObject>;
  now(): number;
}

export const V2_ERRORS = {
  noSuchUpload: { status: 612, error: 'no such uploadId' },
  partNumber: { status: 400, error: 'invalid partNumber: must be an integer between 1 and 10000' },
  // codes.md names 406 for uploaded data failing its check (the CRC-32 of v1); MD5 here by analogy.
  md5: { status: 406, error: 'Content-MD5 not match' },
  partTooLarge: { status: 413, error: 'part exceeds 1 GiB' },
  badBody: { status: 400, error: 'invalid complete body: {"parts":[{"partNumber","etag"}…]} expected' },
  order: { status: 400, error: 'parts must be in ascending partNumber order' },
  invalidPart: { status: 400, error: 'invalid part: not uploaded, or its etag does not match' },
  small: { status: 400, error: 'every part but the last must be at least 1 MiB' },
} as const satisfies Record<string, QiniuError>;

export async function handleV2(request: EmulatorRequest, path: V2Path, caller: QiniuCaller, deps: V2Deps): Promise<void> {
  const { req, res, op, entry } = request;
  const fail = async (error: QiniuError): Promise<void> => {
    await drain(req, entry).catch(() => undefined);
    sendQiniuJson(res, error.status, { error: error.error }, op);
  };
  if (path.bucket !== caller.bucket) return fail(QINIU_ERRORS.scopeMismatch);
  if (path.key !== undefined && !keyInScope(caller, path.key)) return fail(QINIU_ERRORS.scopeMismatch);
  if (path.op === 'v2-initiate') {
    await drain(req, entry).catch(() => undefined);
    const uploadId = randomBytes(24).toString('base64url');
    const expireAt = deps.now() + UPLOAD_TTL_MS;
    deps.uploads.set(uploadId, { uploadId, bucket: path.bucket, key: path.key, accessKey: caller.accessKey, expireAt, parts: new Map() });
    return sendQiniuJson(res, 200, { uploadId, expireAt: Math.floor(expireAt / 1000) }, op);
  }
  const upload = deps.uploads.get(path.uploadId ?? '');
  const live = upload !== undefined && upload.expireAt > deps.now() && upload.bucket === path.bucket && upload.key === path.key && upload.accessKey === caller.accessKey;
  if (!live || upload === undefined) return fail(V2_ERRORS.noSuchUpload);
  switch (path.op) {
    case 'v2-part':
      return uploadPart(request, path.partNumber ?? '', upload, deps, fail);
    case 'v2-list':
      await drain(req, entry).catch(() => undefined);
      return listParts(request, upload, fail);
    case 'v2-complete':
      return complete(request, upload, caller, deps, fail);
    default:
      await drain(req, entry).catch(() => undefined);
      await dropUpload(upload, deps);
      return sendQiniuJson(res, 200, {}, op);
  }
}

async function uploadPart(request: EmulatorRequest, numberText: string, upload: V2Upload, deps: V2Deps, fail: (e: QiniuError) => Promise<void>): Promise<void> {
  const { req, res, op, entry, fault } = request;
  const partNumber = Number(numberText);
  if (!/^\d+$/.test(numberText) || partNumber < 1 || partNumber > 10_000) return fail(V2_ERRORS.partNumber);
  const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/octet-stream') return fail(QINIU_ERRORS.contentType);
  if (req.headers['content-length'] === undefined) return fail(QINIU_ERRORS.noLength);
  if (Number(req.headers['content-length']) > MAX_PART) return fail(V2_ERRORS.partTooLarge);
  let body;
  try {
    body = await deps.store.receive(req, { entry, corrupt: fault?.action === 'corrupt', maxBytes: MAX_PART });
  } catch (error) {
    if (error instanceof BodyTooLarge) return fail(V2_ERRORS.partTooLarge);
    if (error instanceof BodyIncomplete) return res.destroyed ? undefined : fail(QINIU_ERRORS.incomplete);
    throw error;
  }
  const md5 = body.md5.toString('hex');
  // protocols.md 1.4: the v2 Content-MD5 is the hex digest, not base64.
  const given = req.headers['content-md5'];
  const stale = deps.uploads.get(upload.uploadId) !== upload;
  if ((given !== undefined && String(given).trim().toLowerCase() !== md5) || stale) {
    await deps.store.remove(body.path);
    return fail(stale ? V2_ERRORS.noSuchUpload : V2_ERRORS.md5);
  }
  const previous = upload.parts.get(partNumber);
  if (previous !== undefined) await deps.store.remove(previous.path);
  const etag = urlSafeBase64(body.sha1);
  upload.parts.set(partNumber, { path: body.path, size: body.size, md5, etag, putTime: Math.floor(deps.now() / 1000) });
  sendQiniuJson(res, 200, { etag, md5 }, op);
}

function listParts(request: EmulatorRequest, upload: V2Upload, fail: (e: QiniuError) => Promise<void>): Promise<void> | void {
  const q = request.url.searchParams;
  const maxText = q.get('max-parts') ?? '1000';
  const markerText = q.get('part-number-marker') ?? '0';
  const max = Number(maxText);
  if (!/^\d+$/.test(maxText) || max < 1 || max > 1000) return fail({ status: 400, error: 'max-parts must be an integer between 1 and 1000' });
  if (!/^\d+$/.test(markerText)) return fail({ status: 400, error: 'part-number-marker must be an integer' });
  const numbers = [...upload.parts.keys()].sort((a, b) => a - b).filter((n) => n > Number(markerText));
  const page = numbers.slice(0, max);
  const parts = page.flatMap((n) => {
    const part = upload.parts.get(n);
    return part === undefined ? [] : [{ partNumber: n, etag: part.etag, size: part.size, putTime: part.putTime }];
  });
  // partNumberMarker is where the next page starts; 0 when this page is the last (protocols.md 1.4).
  const next = numbers.length > page.length ? (page.at(-1) ?? 0) : 0;
  sendQiniuJson(request.res, 200, { uploadId: upload.uploadId, expireAt: Math.floor(upload.expireAt / 1000), partNumberMarker: next, parts }, request.op);
}

interface CompleteBody {
  readonly parts: readonly { readonly partNumber: number; readonly etag: string }[];
  readonly fname?: string;
  readonly mimeType?: string;
  readonly customVars?: Readonly<Record<string, string>>;
  readonly metadata?: Readonly<Record<string, string>>;
}

function parseCompleteBody(text: string): CompleteBody | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const body = parsed as Partial<CompleteBody> | null;
  if (body === null || typeof body !== 'object' || !Array.isArray(body.parts) || body.parts.length === 0) return undefined;
  const valid = body.parts.every((p: unknown) => {
    const part = p as { partNumber?: unknown; etag?: unknown } | null;
    return part !== null && Number.isInteger(part.partNumber) && typeof part.etag === 'string';
  });
  return valid ? (body as CompleteBody) : undefined;
}

async function complete(request: EmulatorRequest, upload: V2Upload, caller: QiniuCaller, deps: V2Deps, fail: (e: QiniuError) => Promise<void>): Promise<void> {
  const { req, res, op, entry } = request;
  const body = parseCompleteBody((await readSmallBody(req, 4 * 1024 * 1024, entry)).toString('utf8'));
  if (body === undefined) return fail(V2_ERRORS.badBody);
  const chosen: V2Part[] = [];
  for (const [i, listed] of body.parts.entries()) {
    if (i > 0 && listed.partNumber <= (body.parts[i - 1]?.partNumber ?? 0)) return fail(V2_ERRORS.order);
    const part = upload.parts.get(listed.partNumber);
    if (part === undefined || part.etag !== listed.etag) return fail(V2_ERRORS.invalidPart);
    chosen.push(part);
  }
  if (chosen.slice(0, -1).some((part) => part.size < MIN_PART)) return fail(V2_ERRORS.small);
  const { policy } = caller;
  const size = chosen.reduce((sum, part) => sum + part.size, 0);
  if (policy.fsizeLimit !== undefined && size > policy.fsizeLimit) return fail(QINIU_ERRORS.tooLarge);
  if (policy.fsizeMin !== undefined && size < policy.fsizeMin) return fail({ status: 403, error: 'file is smaller than the fsizeMin of the upload policy' });
  const mimeType = body.mimeType ?? 'application/octet-stream';
  if (policy.mimeLimit !== undefined && !mimeAllowed(policy.mimeLimit, mimeType)) {
    return fail({ status: 403, error: `limited mimeType: this file type (${mimeType}) is forbidden to upload` });
  }
  const joined = await deps.store.concat(chosen.map((part) => part.path));
  const hasher = fileHasher();
  for await (const chunk of createReadStream(joined.path)) hasher.update(chunk as Buffer);
  const { blockSha1s } = hasher.finish();
  const hash = qetagFromBlockSha1s(blockSha1s);
  const key = upload.key ?? (policy.isPrefixalScope === 1 ? undefined : caller.scopeKey) ?? hash;
  const id = `${caller.bucket}/${key}`;
  const insertOnly = caller.scopeKey === undefined || (policy.insertOnly ?? 0) !== 0;
  const existing = deps.objects.get(id);
  if (existing !== undefined && insertOnly) {
    await deps.store.remove(joined.path);
    return fail(QINIU_ERRORS.exists);
  }
  if (existing !== undefined) await deps.store.remove(existing.path);
  const vars = Object.fromEntries(Object.entries(body.customVars ?? {}).filter(([name]) => name.startsWith('x:')));
  deps.objects.set(id, {
    bucket: caller.bucket,
    key,
    size: joined.size,
    md5: joined.md5.toString('hex'),
    etag: hash,
    contentType: mimeType,
    path: joined.path,
    blockSha1s: blockSha1s.map((sha1) => sha1.toString('hex')),
    fname: body.fname,
    vars,
    meta: body.metadata ?? {},
  });
  await dropUpload(upload, deps);
  await answerStored(res, op, policy, { key, hash, fsize: joined.size, fname: body.fname, mimeType, bucket: caller.bucket, vars });
}

export async function dropUpload(upload: V2Upload, deps: Pick<V2Deps, 'store' | 'uploads'>): Promise<void> {
  deps.uploads.delete(upload.uploadId);
  await Promise.all([...upload.parts.values()].map((part) => deps.store.remove(part.path)));
}
