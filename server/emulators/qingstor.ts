import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsRule } from './shared/cors.js';
import { DiskStore } from './shared/disk-store.js';
import { pathStyleUrl, type Emulator, type OpenUpload, type PartAcceptCount, type StoredObject } from './shared/emulator.js';
import { startEmulatorServer, type EmulatorRequest, type RouteMatch } from './shared/emulator-server.js';
import { FaultSet } from './shared/faults.js';
import { RequestLog } from './shared/request-log.js';
import { authenticateQingStor } from './qingstor/auth.js';
import { QINGSTOR_ERRORS, sendJson, sendQingStorError, type QingStorError } from './qingstor/errors.js';
import { createMultipartHandlers, type QingStorState, type Upload } from './qingstor/multipart.js';

/**
 * QingStor multipart upload as the service enforces it (protocols.md 3): header (`QS`) and query
 * signatures, part numbers 0..10000 and at most 10000 parts, Content-MD5 (`bad_digest`), List
 * Multipart paging, the checks Complete makes, and the whole-object ETag a client may set there.
 * Path-style addressing on loopback: `/<bucket>/<key>`.
 */

export interface QingStorEmulatorOptions {
  readonly port?: number;
  readonly buckets?: readonly string[];
  /** access_key_id → secret_access_key. */
  readonly credentials?: Readonly<Record<string, string>>;
  readonly anonymousRead?: boolean;
}

export const QINGSTOR_DEFAULTS = {
  bucket: 'test-bucket',
  accessKeyId: 'test-qingstor-ak',
  secretAccessKey: 'test-qingstor-sk',
} as const;

export interface QingStorEmulator extends Emulator {
  readonly bucket: string;
}

const CORS: CorsRule = {
  allowMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
  exposeHeaders: ['ETag', 'x-qs-request-id'],
  maxAgeSeconds: 600,
};

/** Operation names as qingstor-sdk names the APIs; faults and the request log use them. */
function operation(method: string, q: URLSearchParams): string | undefined {
  if (method === 'POST' && q.has('uploads')) return 'InitiateMultipartUpload';
  if (q.has('upload_id')) {
    const byMethod: Record<string, string> = {
      PUT: 'UploadMultipart',
      GET: 'ListMultipart',
      POST: 'CompleteMultipartUpload',
      DELETE: 'AbortMultipartUpload',
    };
    return byMethod[method];
  }
  if (method === 'GET') return 'GetObject';
  if (method === 'HEAD') return 'HeadObject';
  if (method === 'PUT') return 'PutObject';
  return undefined;
}

export async function createQingStorEmulator(options: QingStorEmulatorOptions = {}): Promise<QingStorEmulator> {
  const buckets = new Set(options.buckets ?? [QINGSTOR_DEFAULTS.bucket]);
  const credentials = new Map(
    Object.entries(options.credentials ?? { [QINGSTOR_DEFAULTS.accessKeyId]: QINGSTOR_DEFAULTS.secretAccessKey }),
  );
  const settings = { clockOffsetMs: 0, exposeEtag: true, anonymousRead: options.anonymousRead ?? true };
  const state: QingStorState = {
    store: await DiskStore.create('qingstor'),
    uploads: new Map(),
    objects: new Map(),
    accepts: new Map(),
    now: () => Date.now() + settings.clockOffsetMs,
  };
  const log = new RequestLog();
  const faults = new FaultSet();
  const multipart = createMultipartHandlers(state);

  const route = (req: IncomingMessage, url: URL): RouteMatch | undefined => {
    const [, bucket = '', ...rest] = url.pathname.split('/');
    if (bucket === '') return undefined;
    const op = operation(req.method ?? 'GET', url.searchParams);
    if (op === undefined) return undefined;
    let key: string;
    try {
      key = decodeURIComponent(rest.join('/'));
    } catch {
      key = rest.join('/');
    }
    return { op, key };
  };

  async function handle(request: EmulatorRequest): Promise<void> {
    const { req, res, url, op, fault } = request;
    const [, bucket = ''] = url.pathname.split('/');
    const key = request.key ?? '';
    const fail = (error: QingStorError): void => sendQingStorError(res, error);
    if (!buckets.has(bucket)) return fail(QINGSTOR_ERRORS.bucketNotExists);
    const denied = authenticateQingStor({
      req,
      url,
      key,
      credentials,
      nowMs: state.now(),
      forceExpired: fault?.action === 'expire',
      anonymousRead: settings.anonymousRead,
    });
    if (denied !== undefined) return fail(denied);
    if (key === '' || Buffer.byteLength(key) > 1023) return fail(QINGSTOR_ERRORS.invalidObjectName);
    if (fault?.action === 'forget-session') {
      const upload = state.uploads.get(url.searchParams.get('upload_id') ?? '');
      if (upload !== undefined) await multipart.drop(upload);
    }

    switch (op) {
      case 'InitiateMultipartUpload': {
        const uploadId = randomBytes(16).toString('hex');
        const contentType = String(req.headers['content-type'] ?? '') || 'application/octet-stream';
        state.uploads.set(uploadId, { uploadId, bucket, key, contentType, parts: new Map() });
        if (fault?.action === 'malformed') return malformed(res);
        return sendJson(res, 200, { upload_id: uploadId, bucket, key });
      }
      case 'UploadMultipart':
        return multipart.uploadPart(request, bucket, key, fail);
      case 'PutObject':
        return multipart.putObject(request, bucket, key, fail);
      case 'ListMultipart':
        if (fault?.action === 'malformed') return malformed(res);
        return multipart.list(url, res, bucket, key, fail);
      case 'CompleteMultipartUpload':
        return multipart.complete(request, bucket, key, fail);
      case 'AbortMultipartUpload': {
        const upload = multipart.find(url, bucket, key);
        if (upload === undefined) return fail(QINGSTOR_ERRORS.uploadNotExists);
        await multipart.drop(upload);
        res.writeHead(204, { 'x-qs-request-id': randomBytes(16).toString('hex') }).end();
        return;
      }
      case 'GetObject':
      case 'HeadObject':
        return getObject(res, bucket, key, op === 'HeadObject', fail);
      default:
        return fail(QINGSTOR_ERRORS.methodNotAllowed);
    }
  }

  function getObject(res: ServerResponse, bucket: string, key: string, headOnly: boolean, fail: (e: QingStorError) => void): void {
    const object = state.objects.get(`${bucket}/${key}`);
    if (object === undefined) return fail(QINGSTOR_ERRORS.objectNotExists);
    res.writeHead(200, {
      'Content-Type': object.contentType,
      'Content-Length': String(object.size),
      // protocols.md 3.1: QingStor computes no ETag for an assembled object; HEAD and GET return
      // the one the client set at Complete, if any.
      ...(object.etag === '' ? {} : { ETag: object.etag }),
    });
    if (headOnly) {
      res.end();
      return;
    }
    createReadStream(object.path).pipe(res);
  }

  const listening = await startEmulatorServer(
    {
      name: 'qingstor',
      log,
      faults,
      cors: () => (settings.exposeEtag ? CORS : { ...CORS, exposeHeaders: CORS.exposeHeaders.filter((h) => h !== 'ETag') }),
      route,
      handle,
      notFound: (res) => sendQingStorError(res, QINGSTOR_ERRORS.methodNotAllowed),
      internalError: (res, error) =>
        sendQingStorError(res, { status: 500, code: 'internal_error', message: error instanceof Error ? error.message : 'internal error' }),
    },
    options.port,
  );

  const firstBucket = [...buckets][0] ?? QINGSTOR_DEFAULTS.bucket;
  return {
    name: 'qingstor',
    url: listening.url,
    bucket: firstBucket,
    faults,
    log,
    object: (key): StoredObject | undefined => state.objects.get(`${firstBucket}/${key}`) ?? state.objects.get(key),
    // Anonymous GETs are served while the bucket is public-read (`anonymousRead`, the default).
    readUrl: (key) => {
      const found = state.objects.get(`${firstBucket}/${key}`) ?? state.objects.get(key);
      return found === undefined ? undefined : pathStyleUrl(listening.url, found);
    },
    uploads: (): readonly OpenUpload[] =>
      [...state.uploads.values()].map((u: Upload) => ({ uploadId: u.uploadId, key: u.key, parts: [...u.parts.keys()].sort((a, b) => a - b) })),
    accepted: (): readonly PartAcceptCount[] => [...state.accepts.values()],
    configure(next) {
      if (typeof next.clockOffsetMs === 'number') settings.clockOffsetMs = next.clockOffsetMs;
      if (typeof next.exposeEtag === 'boolean') settings.exposeEtag = next.exposeEtag;
      if (typeof next.anonymousRead === 'boolean') settings.anonymousRead = next.anonymousRead;
    },
    async reset() {
      faults.clear();
      log.clear();
      state.accepts.clear();
      settings.clockOffsetMs = 0;
      settings.exposeEtag = true;
      settings.anonymousRead = options.anonymousRead ?? true;
      for (const upload of [...state.uploads.values()]) await multipart.drop(upload);
      for (const object of state.objects.values()) await state.store.remove(object.path);
      state.objects.clear();
    },
    async close() {
      await listening.close();
      await state.store.destroy();
    },
  };
}

/** The `malformed` fault: a 200 whose JSON breaks off. */
function malformed(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end('{"upload_id":"');
}
