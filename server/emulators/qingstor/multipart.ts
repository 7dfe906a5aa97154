import type { ServerResponse } from 'node:http';
import { BodyIncomplete, BodyTooLarge, drain, readSmallBody, type DiskStore } from '../shared/disk-store.js';
import type { PartAcceptCount, StoredObject } from '../shared/emulator.js';
import type { EmulatorRequest } from '../shared/emulator-server.js';
import { isEntityTag, normalEtag, parseCompleteJson } from './complete-body.js';
import { invalidArgument, invalidRequest, QINGSTOR_ERRORS, requestId, sendJson, type QingStorError } from './errors.js';

/** protocols.md 3.1: every part but the last ≥ 4 MB, each ≤ 5 GB (QingStor's MB and GB are binary: its Go SDK's minimum is 4 * 1024 * 1024). */
export const QINGSTOR_MIN_PART = 4 * 1024 * 1024;
export const QINGSTOR_MAX_PART = 5 * 1024 ** 3;
/** protocols.md 3.1: part numbers 0..10000, at most 10000 parts per upload id. */
export const QINGSTOR_MAX_PART_NUMBER = 10_000;
export const QINGSTOR_MAX_PARTS = 10_000;
const MAX_LIST_LIMIT = 1000;

export interface StoredPart {
  readonly path: string;
  readonly size: number;
  /** Quoted lowercase hex MD5 of the part, as returned in the ETag header and by List Multipart. */
  readonly etag: string;
  readonly created: Date;
}

export interface Upload {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly contentType: string;
  readonly parts: Map<number, StoredPart>;
}

export interface QingStorState {
  readonly store: DiskStore;
  readonly uploads: Map<string, Upload>;
  readonly objects: Map<string, StoredObject>;
  readonly accepts: Map<string, PartAcceptCount>;
  now(): number;
}

type Fail = (error: QingStorError) => void;

/** Upload Object Part, List Multipart and Complete, sharing the emulator's state. */
export function createMultipartHandlers(state: QingStorState) {
  const find = (url: URL, bucket: string, key: string): Upload | undefined => {
    const upload = state.uploads.get(url.searchParams.get('upload_id') ?? '');
    return upload !== undefined && upload.bucket === bucket && upload.key === key ? upload : undefined;
  };

  const drop = async (upload: Upload): Promise<void> => {
    if (state.uploads.get(upload.uploadId) === upload) state.uploads.delete(upload.uploadId);
    const paths = [...upload.parts.values()].map((part) => part.path);
    upload.parts.clear();
    await Promise.all(paths.map((path) => state.store.remove(path)));
  };

  /** Refuses before the body is read, but reads it first so the client sees the answer, not a reset. */
  const refuse = async (request: EmulatorRequest, fail: Fail, error: QingStorError): Promise<void> => {
    await drain(request.req, request.entry).catch(() => undefined);
    if (!request.res.destroyed) fail(error);
  };

  async function uploadPart(request: EmulatorRequest, bucket: string, key: string, fail: Fail): Promise<void> {
    const { req, res, url, fault } = request;
    const raw = url.searchParams.get('part_number');
    const partNumber = Number(raw);
    if (raw === null || !/^\d+$/.test(raw) || partNumber > QINGSTOR_MAX_PART_NUMBER) {
      return refuse(request, fail, invalidArgument(`part_number must be an integer from 0 to ${QINGSTOR_MAX_PART_NUMBER} (part_number=${raw ?? ''}).`));
    }
    const upload = find(url, bucket, key);
    if (upload === undefined) return refuse(request, fail, QINGSTOR_ERRORS.uploadNotExists);
    if (req.headers['content-length'] === undefined) return refuse(request, fail, QINGSTOR_ERRORS.missingLength);
    if (Number(req.headers['content-length']) > QINGSTOR_MAX_PART) return refuse(request, fail, QINGSTOR_ERRORS.entityTooLarge);
    const contentMd5 = req.headers['content-md5'];
    const expected = contentMd5 === undefined ? undefined : Buffer.from(String(contentMd5), 'base64');
    if (expected !== undefined && (expected.length !== 16 || expected.toString('base64') !== String(contentMd5))) {
      return refuse(request, fail, invalidArgument('Content-MD5 must be the base64 of a 16-byte MD5.'));
    }
    if (!upload.parts.has(partNumber) && upload.parts.size >= QINGSTOR_MAX_PARTS) return refuse(request, fail, QINGSTOR_ERRORS.tooManyParts);
    let body;
    try {
      body = await state.store.receive(req, { entry: request.entry, corrupt: fault?.action === 'corrupt', maxBytes: QINGSTOR_MAX_PART });
    } catch (error) {
      if (error instanceof BodyTooLarge) return fail(QINGSTOR_ERRORS.entityTooLarge);
      if (error instanceof BodyIncomplete) return res.destroyed ? undefined : fail(QINGSTOR_ERRORS.incompleteBody);
      throw error;
    }
    if (expected !== undefined && !expected.equals(body.md5)) {
      await state.store.remove(body.path);
      return fail(QINGSTOR_ERRORS.badDigest);
    }
    // The upload may have been completed, aborted or forgotten while the body streamed in.
    if (state.uploads.get(upload.uploadId) !== upload) {
      await state.store.remove(body.path);
      return fail(QINGSTOR_ERRORS.uploadNotExists);
    }
    const previous = upload.parts.get(partNumber);
    if (previous !== undefined) await state.store.remove(previous.path);
    const etag = `"${body.md5.toString('hex')}"`;
    upload.parts.set(partNumber, { path: body.path, size: body.size, etag, created: new Date(state.now()) });
    const countKey = `${upload.uploadId}:${partNumber}`;
    const count = (state.accepts.get(countKey)?.count ?? 0) + 1;
    state.accepts.set(countKey, { uploadId: upload.uploadId, key, partNumber, count });
    res.writeHead(201, { ETag: etag, 'Content-Length': '0', 'x-qs-request-id': requestId() }).end();
  }

  function list(url: URL, res: ServerResponse, bucket: string, key: string, fail: Fail): void {
    const upload = find(url, bucket, key);
    if (upload === undefined) return fail(QINGSTOR_ERRORS.uploadNotExists);
    const limitRaw = url.searchParams.get('limit') ?? String(MAX_LIST_LIMIT);
    const markerRaw = url.searchParams.get('part_number_marker');
    const limit = Number(limitRaw);
    if (!/^\d+$/.test(limitRaw) || limit < 1 || limit > MAX_LIST_LIMIT) return fail(invalidArgument(`limit must be an integer from 1 to ${MAX_LIST_LIMIT}.`));
    if (markerRaw !== null && !/^\d+$/.test(markerRaw)) return fail(invalidArgument('part_number_marker must be an integer.'));
    // The docs: results start with the first part after part_number_marker, so no marker lists part 0.
    const marker = markerRaw === null ? -1 : Number(markerRaw);
    const page = [...upload.parts.keys()].sort((a, b) => a - b).filter((n) => n > marker).slice(0, limit);
    // Note: `count` is documented only as "分段数量"; here it counts the parts in this answer.
    sendJson(res, 200, {
      count: page.length,
      object_parts: page.map((n) => {
        const part = upload.parts.get(n)!;
        return { part_number: n, size: part.size, created: part.created.toISOString(), etag: part.etag };
      }),
    });
  }

  async function complete(request: EmulatorRequest, bucket: string, key: string, fail: Fail): Promise<void> {
    const { req, res, url } = request;
    const upload = find(url, bucket, key);
    if (upload === undefined) return refuse(request, fail, QINGSTOR_ERRORS.uploadNotExists);
    let text: string;
    try {
      text = (await readSmallBody(req, 4 * 1024 * 1024, request.entry)).toString('utf8');
    } catch (error) {
      if (error instanceof BodyTooLarge) return fail(invalidRequest('The body of Complete must be under 4 MiB.'));
      throw error;
    }
    const listed = parseCompleteJson(text);
    if (listed === undefined) return fail(invalidRequest('The body must be {"object_parts":[{"part_number":…,"etag":…},…]} with at least one part.'));
    const objectEtag = req.headers.etag === undefined ? '' : String(req.headers.etag);
    if (objectEtag !== '' && !isEntityTag(objectEtag)) return fail(invalidArgument('ETag must be an HTTP entity-tag, e.g. "0c2f573d81194064b129e940edcefe9b".'));
    const chosen: StoredPart[] = [];
    for (const [i, { partNumber, etag }] of listed.entries()) {
      if (i > 0 && partNumber <= (listed[i - 1]?.partNumber ?? -1)) {
        return fail(invalidRequest('object_parts must be sorted by part_number in ascending order, without repeats.'));
      }
      const part = upload.parts.get(partNumber);
      if (part === undefined) return fail(invalidRequest(`Part ${partNumber} has not been uploaded.`));
      if (etag !== undefined && normalEtag(etag) !== normalEtag(part.etag)) return fail(invalidRequest(`The etag of part ${partNumber} does not match.`));
      chosen.push(part);
    }
    if (chosen.slice(0, -1).some((part) => part.size < QINGSTOR_MIN_PART)) return fail(QINGSTOR_ERRORS.entityTooSmall);
    const joined = await state.store.concat(chosen.map((part) => part.path));
    const objectKey = `${bucket}/${key}`;
    const existing = state.objects.get(objectKey);
    if (existing !== undefined) await state.store.remove(existing.path);
    state.objects.set(objectKey, {
      bucket,
      key,
      size: joined.size,
      md5: joined.md5.toString('hex'),
      etag: objectEtag,
      contentType: upload.contentType,
      path: joined.path,
    });
    // Parts not named in object_parts are dropped with the upload (protocols.md 3.1).
    await drop(upload);
    res.writeHead(201, { 'Content-Length': '0', 'x-qs-request-id': requestId() }).end();
  }

  /** Put Object (protocols.md 3.1's part request without upload id): 201 and the MD5 as ETag. */
  async function putObject(request: EmulatorRequest, bucket: string, key: string, fail: Fail): Promise<void> {
    const { req, res, fault } = request;
    if (req.headers['content-length'] === undefined) return refuse(request, fail, QINGSTOR_ERRORS.missingLength);
    if (Number(req.headers['content-length']) > QINGSTOR_MAX_PART) return refuse(request, fail, QINGSTOR_ERRORS.entityTooLarge);
    const contentMd5 = req.headers['content-md5'];
    const expected = contentMd5 === undefined ? undefined : Buffer.from(String(contentMd5), 'base64');
    if (expected !== undefined && (expected.length !== 16 || expected.toString('base64') !== String(contentMd5))) {
      return refuse(request, fail, invalidArgument('Content-MD5 must be the base64 of a 16-byte MD5.'));
    }
    let body;
    try {
      body = await state.store.receive(req, { entry: request.entry, corrupt: fault?.action === 'corrupt', maxBytes: QINGSTOR_MAX_PART });
    } catch (error) {
      if (error instanceof BodyTooLarge) return fail(QINGSTOR_ERRORS.entityTooLarge);
      if (error instanceof BodyIncomplete) return res.destroyed ? undefined : fail(QINGSTOR_ERRORS.incompleteBody);
      throw error;
    }
    if (expected !== undefined && !expected.equals(body.md5)) {
      await state.store.remove(body.path);
      return fail(QINGSTOR_ERRORS.badDigest);
    }
    const objectKey = `${bucket}/${key}`;
    const existing = state.objects.get(objectKey);
    if (existing !== undefined) await state.store.remove(existing.path);
    const etag = `"${body.md5.toString('hex')}"`;
    const contentType = String(req.headers['content-type'] ?? '') || 'application/octet-stream';
    state.objects.set(objectKey, { bucket, key, size: body.size, md5: body.md5.toString('hex'), etag, contentType, path: body.path });
    res.writeHead(201, { ETag: etag, 'Content-Length': '0', 'x-qs-request-id': requestId() }).end();
  }

  return { find, drop, uploadPart, putObject, list, complete };
}
