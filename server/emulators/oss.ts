import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_CORS, type CorsRule } from './shared/cors.js';
import { DiskStore } from './shared/disk-store.js';
import { pathStyleUrl, type Emulator } from './shared/emulator.js';
import { startEmulatorServer, type EmulatorRequest, type RouteMatch } from './shared/emulator-server.js';
import { FaultSet } from './shared/faults.js';
import { RequestLog } from './shared/request-log.js';
import { authenticateOss } from './oss/auth.js';
import { completeMultipartUpload } from './oss/complete.js';
import { OSS_ERRORS, sendOssError, type OssError } from './oss/errors.js';
import { abortMultipartUpload, initiateMultipartUpload, listParts, receiveBody, uploadPart, type OssCall } from './oss/multipart.js';
import { OssState } from './oss/state.js';

/**
 * Aliyun OSS multipart upload as the service enforces it (protocols.md 2): V1 and V4
 * signatures in headers and presigned URLs, part numbers 1..10000, Content-MD5, ListParts
 * paging, and the checks CompleteMultipartUpload makes. Path-style addressing: `/<bucket>/<key>`.
 */

export interface OssEmulatorOptions {
  readonly port?: number;
  readonly buckets?: readonly string[];
  /** AccessKeyId → AccessKeySecret. */
  readonly credentials?: Readonly<Record<string, string>>;
  /** The bare region id V4 signatures must be scoped to. */
  readonly region?: string;
  readonly anonymousRead?: boolean;
}

export const OSS_DEFAULTS = {
  bucket: 'test-bucket',
  accessKeyId: 'test-oss-ak',
  accessKeySecret: 'test-oss-sk',
  region: 'cn-hangzhou',
} as const;

export interface OssEmulator extends Emulator {
  readonly bucket: string;
  readonly region: string;
}

const MULTIPART_OPS: Readonly<Record<string, (call: OssCall) => void | Promise<void>>> = {
  InitiateMultipartUpload: initiateMultipartUpload,
  UploadPart: uploadPart,
  ListParts: listParts,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
};

export async function createOssEmulator(options: OssEmulatorOptions = {}): Promise<OssEmulator> {
  const buckets = new Set(options.buckets ?? [OSS_DEFAULTS.bucket]);
  const credentials = new Map(Object.entries(options.credentials ?? { [OSS_DEFAULTS.accessKeyId]: OSS_DEFAULTS.accessKeySecret }));
  const region = options.region ?? OSS_DEFAULTS.region;
  const state = new OssState(await DiskStore.create('oss'));
  const log = new RequestLog();
  const faults = new FaultSet();
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
      region,
      nowMs: now(),
      forceExpired: fault?.action === 'expire',
      anonymousRead: settings.anonymousRead,
    });
    if (denied !== undefined) return fail(denied);
    if (key === '' || Buffer.byteLength(key) > 1023) {
      return fail({ status: 400, code: 'InvalidObjectName', message: 'The object name is invalid.' });
    }

    const multipart = MULTIPART_OPS[op];
    if (multipart !== undefined) return multipart({ request, state, bucket, key, nowMs: now(), fail });
    switch (op) {
      case 'GetObject':
      case 'HeadObject':
        return getObject(res, bucket, key, op === 'HeadObject', fail);
      case 'PutObject': {
        const body = await receiveBody({ request, state, bucket, key, nowMs: now(), fail });
        if (body === undefined) return;
        const etag = `"${body.md5.toString('hex').toUpperCase()}"`;
        const contentType = String(req.headers['content-type'] ?? '') || 'application/octet-stream';
        await state.putObject({ bucket, key, size: body.size, md5: body.md5.toString('hex'), etag, contentType, path: body.path });
        res.writeHead(200, { ETag: etag, 'Content-Length': '0' }).end();
        return;
      }
      case 'DeleteObject':
        await state.deleteObject(bucket, key);
        res.writeHead(204).end();
        return;
      default:
        return fail({ status: 405, code: 'MethodNotAllowed', message: 'The specified method is not allowed.' });
    }
  }

  function getObject(res: ServerResponse, bucket: string, key: string, headOnly: boolean, fail: (e: OssError) => void): void {
    const object = state.objects.get(`${bucket}/${key}`);
    if (object === undefined) return fail(OSS_ERRORS.noSuchKey);
    res.writeHead(200, { 'Content-Type': object.contentType, 'Content-Length': String(object.size), ETag: object.etag });
    if (headOnly) {
      res.end();
      return;
    }
    createReadStream(object.path).pipe(res);
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
    region,
    faults,
    log,
    object: (key) => state.objects.get(`${firstBucket}/${key}`) ?? state.objects.get(key),
    // Anonymous GETs are served while the bucket is public-read (`anonymousRead`, the default).
    readUrl: (key) => {
      const found = state.objects.get(`${firstBucket}/${key}`) ?? state.objects.get(key);
      return found === undefined ? undefined : pathStyleUrl(listening.url, found);
    },
    uploads: () => state.openUploads(),
    accepted: () => [...state.accepts.values()],
    configure(next) {
      if (typeof next.clockOffsetMs === 'number') settings.clockOffsetMs = next.clockOffsetMs;
      if (typeof next.exposeEtag === 'boolean') settings.exposeEtag = next.exposeEtag;
      if (typeof next.anonymousRead === 'boolean') settings.anonymousRead = next.anonymousRead;
    },
    async reset() {
      faults.clear();
      log.clear();
      settings.clockOffsetMs = 0;
      settings.exposeEtag = true;
      await state.clear();
    },
    async close() {
      await listening.close();
      await state.store.destroy();
    },
  };
}
