import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_CORS, type CorsRule } from './shared/cors.js';
import { BodyIncomplete, BodyTooLarge, DiskStore, readSmallBody } from './shared/disk-store.js';
import type { Emulator, OpenUpload, PartAcceptCount, StoredObject } from './shared/emulator.js';
import { startEmulatorServer, type EmulatorRequest, type RouteMatch } from './shared/emulator-server.js';
import { FaultSet } from './shared/faults.js';
import { RequestLog } from './shared/request-log.js';
import { authenticateOss } from './oss/auth.js';
import { OSS_ERRORS, partNumberError, sendOssError, sendXml, xmlEscape, type OssError } from './oss/errors.js';
import { parseCompleteBody } from './shared/complete-xml.js';

/**
 * Aliyun OSS multipart upload as the service enforces it (protocols.md 2): V1 signatures in
 * headers and presigned URLs, part numbers 1..10000, Content-MD5, ListParts paging, and the
 * checks CompleteMultipartUpload makes. Path-style addressing: `/<bucket>/<key>`.
 */

export interface OssEmulatorOptions {
  readonly port?: number;
  readonly buckets?: readonly string[];
  /** AccessKeyId → AccessKeySecret. */
  readonly credentials?: Readonly<Record<string, string>>;
  readonly anonymousRead?: boolean;
}

export const OSS_DEFAULTS = {
  bucket: 'test-bucket',
  accessKeyId: 'test-oss-ak',
  accessKeySecret: 'test-oss-sk',
} as const;

const MIN_PART = 100 * 1024;
const MAX_PART = 5 * 1024 ** 3;

interface StoredPart {
  readonly path: string;
  readonly size: number;
  readonly md5: Buffer;
  readonly etag: string;
  readonly lastModified: Date;
}

interface Upload {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly contentType: string;
  readonly parts: Map<number, StoredPart>;
}

export interface OssEmulator extends Emulator {
  readonly bucket: string;
}

export async function createOssEmulator(options: OssEmulatorOptions = {}): Promise<OssEmulator> {
  const buckets = new Set(options.buckets ?? [OSS_DEFAULTS.bucket]);
  const credentials = new Map(Object.entries(options.credentials ?? { [OSS_DEFAULTS.accessKeyId]: OSS_DEFAULTS.accessKeySecret }));
  const store = await DiskStore.create('oss');
  const log = new RequestLog();
  const faults = new FaultSet();
  const uploads = new Map<string, Upload>();
  const objects = new Map<string, StoredObject>();
  const accepts = new Map<string, PartAcceptCount>();
  const settings = { clockOffsetMs: 0, exposeEtag: true, anonymousRead: options.anonymousRead ?? true };
  const now = (): number => Date.now() + settings.clockOffsetMs;

  const cors = (): CorsRule =>
    settings.exposeEtag ? DEFAULT_CORS : { ...DEFAULT_CORS, exposeHeaders: DEFAULT_CORS.exposeHeaders.filter((h) => h !== 'ETag') };

  const route = (req: IncomingMessage, url: URL): RouteMatch | undefined => {
    const [, bucket = '', ...rest] = url.pathname.split('/');
    if (bucket === '') return undefined;
    const key = decodeURIComponent(rest.join('/'));
    const q = url.searchParams;
    const method = req.method ?? 'GET';
    const op =
      method === 'POST' && q.has('uploads') ? 'InitiateMultipartUpload'
      : method === 'PUT' && q.has('uploadId') ? 'UploadPart'
      : method === 'GET' && q.has('uploadId') ? 'ListParts'
      : method === 'POST' && q.has('uploadId') ? 'CompleteMultipartUpload'
      : method === 'DELETE' && q.has('uploadId') ? 'AbortMultipartUpload'
      : method === 'GET' ? 'GetObject'
      : method === 'HEAD' ? 'HeadObject'
      : method === 'PUT' ? 'PutObject'
      : method === 'DELETE' ? 'DeleteObject'
      : undefined;
    return op === undefined ? undefined : { op, key };
  };

  const uploadFor = (url: URL, bucket: string, key: string): Upload | undefined => {
    const upload = uploads.get(url.searchParams.get('uploadId') ?? '');
    return upload !== undefined && upload.bucket === bucket && upload.key === key ? upload : undefined;
  };

  async function handle(request: EmulatorRequest): Promise<void> {
    const { req, res, url, op, fault } = request;
    const [, bucket = ''] = url.pathname.split('/');
    const key = request.key ?? '';
    const fail = (error: OssError): void => sendOssError(res, error, url.host);
    if (!buckets.has(bucket)) return fail(OSS_ERRORS.noSuchBucket);
    const denied = authenticateOss({
      req,
      url,
      bucket,
      key,
      credentials,
      nowMs: now(),
      forceExpired: fault?.action === 'expire',
      anonymousRead: settings.anonymousRead,
    });
    if (denied !== undefined) return fail(denied);
    if (key === '' || Buffer.byteLength(key) > 1023) {
      return fail({ status: 400, code: 'InvalidObjectName', message: 'The object name is invalid.' });
    }

    switch (op) {
      case 'InitiateMultipartUpload': {
        const uploadId = randomBytes(16).toString('hex').toUpperCase();
        uploads.set(uploadId, {
          uploadId,
          bucket,
          key,
          contentType: String(req.headers['content-type'] ?? 'application/octet-stream'),
          parts: new Map(),
        });
        return sendXml(
          res,
          200,
          `<InitiateMultipartUploadResult><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key>` +
            `<UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
        );
      }
      case 'UploadPart':
        return uploadPart(request, bucket, key, fail);
      case 'ListParts':
        return listParts(url, res, bucket, key, fail);
      case 'CompleteMultipartUpload':
        return complete(request, bucket, key, fail);
      case 'AbortMultipartUpload': {
        const upload = uploadFor(url, bucket, key);
        if (upload === undefined) return fail(OSS_ERRORS.noSuchUpload);
        await dropUpload(upload);
        res.writeHead(204, { 'x-oss-request-id': randomBytes(12).toString('hex') }).end();
        return;
      }
      case 'GetObject':
      case 'HeadObject':
        return getObject(res, bucket, key, op === 'HeadObject', fail);
      case 'PutObject': {
        const body = await store.receive(req, { entry: request.entry, corrupt: fault?.action === 'corrupt', maxBytes: MAX_PART, sha1: false });
        return storeObject(res, bucket, key, body.path, body.size, body.md5, String(req.headers['content-type'] ?? ''));
      }
      case 'DeleteObject': {
        const existing = objects.get(`${bucket}/${key}`);
        if (existing !== undefined) await store.remove(existing.path);
        objects.delete(`${bucket}/${key}`);
        res.writeHead(204).end();
        return;
      }
      default:
        return fail({ status: 405, code: 'MethodNotAllowed', message: 'The specified method is not allowed.' });
    }
  }

  async function uploadPart(request: EmulatorRequest, bucket: string, key: string, fail: (e: OssError) => void): Promise<void> {
    const { req, res, url, fault } = request;
    const raw = url.searchParams.get('partNumber');
    const partNumber = Number(raw);
    if (raw === null || !/^\d+$/.test(raw) || partNumber < 1 || partNumber > 10_000) return fail(partNumberError(raw));
    const upload = uploadFor(url, bucket, key);
    if (upload === undefined) return fail(OSS_ERRORS.noSuchUpload);
    if (req.headers['content-length'] === undefined) return fail(OSS_ERRORS.missingLength);
    const contentMd5 = req.headers['content-md5'];
    let body;
    try {
      body = await store.receive(req, { entry: request.entry, corrupt: fault?.action === 'corrupt', maxBytes: MAX_PART, sha1: false });
    } catch (error) {
      if (error instanceof BodyTooLarge) return fail(OSS_ERRORS.tooLarge);
      if (error instanceof BodyIncomplete) return res.destroyed ? undefined : fail(OSS_ERRORS.incomplete);
      throw error;
    }
    request.entry.digest = 'absent';
    if (contentMd5 !== undefined) {
      const given = Buffer.from(String(contentMd5), 'base64');
      const valid = given.length === 16 && given.equals(body.md5);
      request.entry.digest = valid ? 'valid' : 'invalid';
      if (!valid) {
        await store.remove(body.path);
        return fail(OSS_ERRORS.invalidDigest);
      }
    }
    // The upload may have been aborted or completed while the body streamed in.
    if (uploads.get(upload.uploadId) !== upload) {
      await store.remove(body.path);
      return fail(OSS_ERRORS.noSuchUpload);
    }
    const previous = upload.parts.get(partNumber);
    if (previous !== undefined) await store.remove(previous.path);
    const hex = body.md5.toString('hex').toUpperCase();
    upload.parts.set(partNumber, { path: body.path, size: body.size, md5: body.md5, etag: `"${hex}"`, lastModified: new Date(now()) });
    const countKey = `${upload.uploadId}:${partNumber}`;
    const count = (accepts.get(countKey)?.count ?? 0) + 1;
    accepts.set(countKey, { uploadId: upload.uploadId, key, partNumber, count });
    res.writeHead(200, { ETag: `"${hex}"`, 'x-oss-request-id': randomBytes(12).toString('hex').toUpperCase(), 'Content-Length': '0' });
    res.end();
  }

  function listParts(url: URL, res: ServerResponse, bucket: string, key: string, fail: (e: OssError) => void): void {
    const upload = uploadFor(url, bucket, key);
    if (upload === undefined) return fail(OSS_ERRORS.noSuchUpload);
    const maxRaw = url.searchParams.get('max-parts') ?? '1000';
    const markerRaw = url.searchParams.get('part-number-marker') ?? '0';
    const max = Number(maxRaw);
    const marker = Number(markerRaw);
    if (!/^\d+$/.test(maxRaw) || max < 1 || max > 1000) {
      return fail({ status: 400, code: 'InvalidArgument', message: 'max-parts must be an integer between 1 and 1000.' });
    }
    if (!/^\d+$/.test(markerRaw)) return fail({ status: 400, code: 'InvalidArgument', message: 'part-number-marker must be an integer.' });
    const numbers = [...upload.parts.keys()].sort((a, b) => a - b).filter((n) => n > marker);
    const page = numbers.slice(0, max);
    const truncated = numbers.length > max;
    const partsXml = page
      .map((n) => {
        const part = upload.parts.get(n)!;
        return `<Part><PartNumber>${n}</PartNumber><LastModified>${part.lastModified.toISOString()}</LastModified><ETag>${part.etag}</ETag><Size>${part.size}</Size></Part>`;
      })
      .join('');
    sendXml(
      res,
      200,
      `<ListPartsResult><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${upload.uploadId}</UploadId>` +
        `<PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${page.at(-1) ?? marker}</NextPartNumberMarker>` +
        `<MaxParts>${max}</MaxParts><IsTruncated>${truncated}</IsTruncated>${partsXml}</ListPartsResult>`,
    );
  }

  async function complete(request: EmulatorRequest, bucket: string, key: string, fail: (e: OssError) => void): Promise<void> {
    const { req, res, url } = request;
    const upload = uploadFor(url, bucket, key);
    if (upload === undefined) return fail(OSS_ERRORS.noSuchUpload);
    const body = (await readSmallBody(req, 4 * 1024 * 1024, request.entry)).toString('utf8');
    const completeAll = String(req.headers['x-oss-complete-all'] ?? '').toLowerCase() === 'yes';
    let listed: { readonly partNumber: number; readonly etag: string }[];
    if (completeAll) {
      if (body.trim() !== '') return fail({ status: 400, code: 'InvalidArgument', message: 'x-oss-complete-all requires an empty body.' });
      listed = [...upload.parts.entries()].sort(([a], [b]) => a - b).map(([partNumber, part]) => ({ partNumber, etag: part.etag }));
    } else {
      const parsed = parseCompleteBody(body);
      if (parsed === undefined || parsed.length === 0) return fail(OSS_ERRORS.malformedXml);
      listed = parsed;
    }
    for (let i = 1; i < listed.length; i += 1) {
      if (listed[i]!.partNumber <= listed[i - 1]!.partNumber) {
        return fail({ status: 400, code: 'InvalidPartOrder', message: 'The list of parts was not in ascending order. Parts must be ordered by part number.' });
      }
    }
    const chosen: StoredPart[] = [];
    for (const { partNumber, etag } of listed) {
      const part = upload.parts.get(partNumber);
      if (part === undefined || normalEtag(part.etag) !== normalEtag(etag)) {
        return fail({
          status: 400,
          code: 'InvalidPart',
          message: 'One or more of the specified parts could not be found or the specified entity tag might not have matched the part\'s entity tag.',
        });
      }
      chosen.push(part);
    }
    if (chosen.slice(0, -1).some((part) => part.size < MIN_PART)) {
      return fail({ status: 400, code: 'EntityTooSmall', message: 'Your proposed upload is smaller than the minimum allowed size.' });
    }
    const forbid = String(req.headers['x-oss-forbid-overwrite'] ?? '').toLowerCase() === 'true';
    if (forbid && objects.has(`${bucket}/${key}`)) return fail(OSS_ERRORS.fileExists);
    const joined = await store.concat(chosen.map((part) => part.path));
    const etagMd5 = createHash('md5').update(Buffer.concat(chosen.map((part) => part.md5))).digest('hex').toUpperCase();
    const etag = `"${etagMd5}-${chosen.length}"`;
    await putObject(bucket, key, joined.path, joined.size, joined.md5, upload.contentType, etag);
    await dropUpload(upload);
    sendXml(
      res,
      200,
      `<CompleteMultipartUploadResult><Location>${xmlEscape(`${url.origin}/${bucket}/${encodeURI(key)}`)}</Location>` +
        `<Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><ETag>${etag}</ETag></CompleteMultipartUploadResult>`,
      { ETag: etag },
    );
  }

  async function storeObject(res: ServerResponse, bucket: string, key: string, path: string, size: number, md5: Buffer, contentType: string): Promise<void> {
    const etag = `"${md5.toString('hex').toUpperCase()}"`;
    await putObject(bucket, key, path, size, md5, contentType || 'application/octet-stream', etag);
    res.writeHead(200, { ETag: etag, 'Content-Length': '0' }).end();
  }

  async function putObject(bucket: string, key: string, path: string, size: number, md5: Buffer, contentType: string, etag: string): Promise<void> {
    const existing = objects.get(`${bucket}/${key}`);
    if (existing !== undefined) await store.remove(existing.path);
    objects.set(`${bucket}/${key}`, { bucket, key, size, md5: md5.toString('hex'), etag, contentType, path });
  }

  function getObject(res: ServerResponse, bucket: string, key: string, headOnly: boolean, fail: (e: OssError) => void): void {
    const object = objects.get(`${bucket}/${key}`);
    if (object === undefined) return fail(OSS_ERRORS.noSuchKey);
    res.writeHead(200, { 'Content-Type': object.contentType, 'Content-Length': String(object.size), ETag: object.etag });
    if (headOnly) {
      res.end();
      return;
    }
    createReadStream(object.path).pipe(res);
  }

  async function dropUpload(upload: Upload): Promise<void> {
    uploads.delete(upload.uploadId);
    await Promise.all([...upload.parts.values()].map((part) => store.remove(part.path)));
  }

  const listening = await startEmulatorServer(
    {
      name: 'oss',
      log,
      faults,
      cors,
      route,
      handle,
      notFound: (res) => sendOssError(res, { status: 400, code: 'InvalidRequest', message: 'Unsupported request.' }),
      internalError: (res, error) =>
        sendOssError(res, { status: 500, code: 'InternalError', message: error instanceof Error ? error.message : 'internal error' }),
    },
    options.port,
  );

  const firstBucket = [...buckets][0] ?? OSS_DEFAULTS.bucket;
  return {
    name: 'oss',
    url: listening.url,
    bucket: firstBucket,
    faults,
    log,
    object: (key) => objects.get(`${firstBucket}/${key}`) ?? objects.get(key),
    uploads: (): readonly OpenUpload[] =>
      [...uploads.values()].map((u) => ({ uploadId: u.uploadId, key: u.key, parts: [...u.parts.keys()].sort((a, b) => a - b) })),
    accepted: () => [...accepts.values()],
    configure(next) {
      if (typeof next.clockOffsetMs === 'number') settings.clockOffsetMs = next.clockOffsetMs;
      if (typeof next.exposeEtag === 'boolean') settings.exposeEtag = next.exposeEtag;
      if (typeof next.anonymousRead === 'boolean') settings.anonymousRead = next.anonymousRead;
    },
    async reset() {
      faults.clear();
      log.clear();
      accepts.clear();
      settings.clockOffsetMs = 0;
      settings.exposeEtag = true;
      for (const upload of [...uploads.values()]) await dropUpload(upload);
      for (const object of objects.values()) await store.remove(object.path);
      objects.clear();
    },
    async close() {
      await listening.close();
      await store.destroy();
    },
  };
}

function normalEtag(etag: string): string {
  return etag.replace(/"/g, '').trim().toUpperCase();
}
