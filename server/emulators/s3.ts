import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { CorsRule } from './shared/cors.js';
import { DiskStore, readSmallBody } from './shared/disk-store.js';
import { pathStyleUrl, type Emulator } from './shared/emulator.js';
import { startEmulatorServer, type EmulatorRequest, type RouteMatch } from './shared/emulator-server.js';
import { FaultSet } from './shared/faults.js';
import { RequestLog } from './shared/request-log.js';
import { authenticateS3 } from './s3/auth.js';
import { requestIds, S3_ERRORS, sendS3Error, type S3Error } from './s3/errors.js';
import { completeMultipartUpload } from './s3/complete.js';
import { abortMultipartUpload, createMultipartUpload, listParts, uploadPart, type S3Call } from './s3/multipart.js';
import { putObject } from './s3/put-object.js';
import { S3State } from './s3/state.js';

/**
 * S3 multipart upload and PutObject as the service enforces them (protocols.md 5): SigV4
 * presigned URLs and Authorization headers checked by our own code (server/verify/s3-sigv4.ts),
 * aws-chunked bodies with chunk signatures, Content-MD5 and the additional checksums
 * (x-amz-checksum-*), ListParts paging, Abort, and the checks CompleteMultipartUpload makes,
 * including its late failure inside a 200 answer (`error-in-200`). Path-style addressing:
 * `/<bucket>/<key>`.
 */

export interface S3EmulatorOptions {
  readonly port?: number;
  readonly buckets?: readonly string[];
  readonly region?: string;
  /** AccessKeyId → SecretAccessKey. */
  readonly credentials?: Readonly<Record<string, string>>;
  readonly anonymousRead?: boolean;
}

export const S3_DEFAULTS = {
  bucket: 'test-bucket',
  region: 'us-east-1',
  accessKeyId: 'AKIACHUNKUPLOADERS3',
  secretAccessKey: 'chunk-uploader-s3-emulator-secret-key',
} as const;

export interface S3Emulator extends Emulator {
  readonly bucket: string;
  readonly region: string;
}

const ROUTES: readonly (readonly [method: string, query: string | undefined, op: string])[] = [
  ['POST', 'uploads', 'CreateMultipartUpload'],
  ['PUT', 'uploadId', 'UploadPart'],
  ['PUT', undefined, 'PutObject'],
  ['GET', 'uploadId', 'ListParts'],
  ['POST', 'uploadId', 'CompleteMultipartUpload'],
  ['DELETE', 'uploadId', 'AbortMultipartUpload'],
  ['GET', undefined, 'GetObject'],
  ['HEAD', undefined, 'HeadObject'],
];

const HANDLERS: Readonly<Record<string, (call: S3Call) => void | Promise<void>>> = {
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  PutObject: putObject,
  ListParts: listParts,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
};

/** Operations whose body the handler reads itself (and checks against x-amz-content-sha256). */
const BODY_OPS = new Set(['UploadPart', 'PutObject', 'CompleteMultipartUpload']);

export async function createS3Emulator(options: S3EmulatorOptions = {}): Promise<S3Emulator> {
  const buckets = new Set(options.buckets ?? [S3_DEFAULTS.bucket]);
  const region = options.region ?? S3_DEFAULTS.region;
  const credentials = new Map(Object.entries(options.credentials ?? { [S3_DEFAULTS.accessKeyId]: S3_DEFAULTS.secretAccessKey }));
  const state = new S3State(await DiskStore.create('s3'));
  const log = new RequestLog();
  const faults = new FaultSet();
  const settings = { clockOffsetMs: 0, exposeEtag: true, anonymousRead: options.anonymousRead ?? true };

  const cors = (): CorsRule => ({
    allowMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
    exposeHeaders: settings.exposeEtag ? ['ETag', 'x-amz-request-id', 'x-amz-id-2'] : ['x-amz-request-id', 'x-amz-id-2'],
    maxAgeSeconds: 600,
  });

  const route = (req: IncomingMessage, url: URL): RouteMatch | undefined => {
    const [, bucket = '', ...rest] = url.pathname.split('/');
    if (bucket === '' || rest.length === 0) return undefined;
    let key: string;
    try {
      key = decodeURIComponent(rest.join('/'));
    } catch {
      return undefined;
    }
    const method = req.method ?? 'GET';
    const match = ROUTES.find(([m, q]) => m === method && (q === undefined || url.searchParams.has(q)));
    return match === undefined ? undefined : { op: match[2], key };
  };

  async function handle(request: EmulatorRequest): Promise<void> {
    const { req, res, url, op, fault } = request;
    const [, bucket = ''] = url.pathname.split('/');
    const key = request.key ?? '';
    const resource = url.pathname;
    const headOnly = req.method === 'HEAD';
    const fail = (error: S3Error): void => sendS3Error(res, error, resource, headOnly);
    const nowMs = Date.now() + settings.clockOffsetMs;
    const auth = authenticateS3({ req, region, credentials, nowMs, forceExpired: fault?.action === 'expire', anonymousRead: settings.anonymousRead });
    if (auth.error !== undefined) return fail(auth.error);
    if (!buckets.has(bucket)) return fail(S3_ERRORS.noSuchBucket);
    if (key === '') return fail(S3_ERRORS.methodNotAllowed);
    if (Buffer.byteLength(key) > 1024) return fail(S3_ERRORS.keyTooLong);
    if (!BODY_OPS.has(op)) {
      const body = await readSmallBody(req, 1024 * 1024, request.entry);
      if (auth.payloadSha256 !== undefined && createHash('sha256').update(body).digest('hex') !== auth.payloadSha256) {
        return fail(S3_ERRORS.sha256Mismatch);
      }
    }
    const handler = HANDLERS[op];
    if (handler !== undefined) {
      const payload = { ...(auth.payloadSha256 === undefined ? {} : { sha256: auth.payloadSha256 }), ...(auth.streaming === undefined ? {} : { streaming: auth.streaming }) };
      return handler({ request, state, bucket, key, nowMs, payload, fail });
    }
    const object = state.objects.get(`${bucket}/${key}`);
    if (object === undefined) return fail(S3_ERRORS.noSuchKey);
    res.writeHead(200, {
      'Content-Type': object.contentType,
      'Content-Length': String(object.size),
      ETag: object.etag,
      'Last-Modified': object.lastModified.toUTCString(),
      ...requestIds(),
    });
    if (headOnly) {
      res.end();
      return;
    }
    createReadStream(object.path).pipe(res);
  }

  const listening = await startEmulatorServer(
    {
      name: 's3',
      log,
      faults,
      cors,
      route,
      handle,
      notFound: (res) => sendS3Error(res, S3_ERRORS.methodNotAllowed, '/'),
      internalError: (res) => sendS3Error(res, S3_ERRORS.internal, '/'),
    },
    options.port,
  );

  const firstBucket = [...buckets][0] ?? S3_DEFAULTS.bucket;
  return {
    name: 's3',
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
      settings.anonymousRead = options.anonymousRead ?? true;
      await state.clear();
    },
    async close() {
      await listening.close();
      await state.store.destroy();
    },
  };
}
