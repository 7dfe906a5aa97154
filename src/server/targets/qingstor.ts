import qingstorSdk, { type Bucket, type QingStorOperation } from 'qingstor-sdk';
// Note: the browser variant of the SDK's Config. The Node variant reads ~/.qingstor/config.yaml
// (writing a default one there if missing) and QINGSTOR_* environment variables on every
// construction; a signer must not write into the user's home nor take settings from there.
import Config from 'qingstor-sdk/lib/config/browser.js';
import { SignerError } from '../errors.js';
import { field, fileOf, integer, keyOf, relayStorageError, seconds, type JsonBody, type Seconds, type StorageHandler } from './storage-handler.js';

export interface QingStorSignerOptions {
  /** Where the SDK sends its requests: `https://qingstor.com`, or the emulator's `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Zone (`pek3a`, `sh1a`, …), prefixed to the endpoint's host; none for an endpoint that is the zone's host already. */
  readonly zone?: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Lifetime of each presigned part URL. */
  readonly ttlSeconds: Seconds;
  /** Base URL where stored objects can be read, for the `location` the browser is told. */
  readonly publicUrl: string;
  /** Parts asked for per List Multipart page (at most 1000). */
  readonly listPageSize?: number;
}

interface AxiosLikeError {
  readonly response?: { readonly status?: number; readonly data?: unknown };
}

/** QingStor's JSON error body, which axios hands over parsed, or as text when it could not. */
function storageBody(error: unknown): { readonly code?: string; readonly message?: string } {
  const data = (error as AxiosLikeError).response?.data;
  let body: unknown = data;
  if (typeof data === 'string') {
    try {
      body = JSON.parse(data) as unknown;
    } catch {
      return {};
    }
  }
  if (typeof body !== 'object' || body === null) return {};
  const { code, message } = body as Record<string, unknown>;
  return { ...(typeof code === 'string' ? { code } : {}), ...(typeof message === 'string' ? { message } : {}) };
}

/** QingStor's refusal relayed with its own status, code and message. */
function relay(error: unknown): never {
  const { code, message } = storageBody(error);
  relayStorageError(message === undefined ? error : new Error(message), (error as AxiosLikeError).response?.status, code);
}

/**
 * QingStor with the official qingstor-sdk: it initiates, lists, completes and aborts itself
 * (header signatures) and presigns each part URL (query signature) for the browser. The part URL
 * is signed with the part's Content-MD5 and no Content-Type, which is what the browser sends
 * for a sliced Blob (protocols.md 0, fact 1; 3.2).
 */
export function createQingStorSigner(options: QingStorSignerOptions): StorageHandler {
  const loopback = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(options.endpoint);
  const config = new Config({
    access_key_id: options.accessKeyId,
    secret_access_key: options.secretAccessKey,
    endpoint: options.endpoint,
    enable_virtual_host_style: false,
    log_level: 'error',
  });
  config.getAxiosConfig = (operation: QingStorOperation) => {
    // Note: with no zone the SDK sends `Host: undefined.<host>`; let the URL decide the Host.
    if (options.zone === undefined) delete operation.headers.host;
    return { timeout: 120_000, ...(loopback ? { proxy: false } : {}) };
  };
  const bucket: Bucket = new qingstorSdk.QingStor(config).Bucket(options.bucket, options.zone);
  const pageSize = Math.min(Math.max(options.listPageSize ?? 1000, 1), 1000);

  const signer: StorageHandler = {
    async handle(op: string, body: JsonBody): Promise<unknown> {
      switch (op) {
        case 'initiate': {
          const file = fileOf(body);
          const key = keyOf(body);
          const { data } = await bucket.initiateMultipartUpload(key, { 'Content-Type': file.type || 'application/octet-stream' }).catch(relay);
          if (typeof data.upload_id !== 'string' || data.upload_id === '') {
            throw new SignerError(502, 'StorageUnavailable', 'Initiate Multipart Upload answered without an upload_id');
          }
          return { uploadId: data.upload_id, key };
        }
        case 'part': {
          const key = field(body, 'key');
          const uploadId = field(body, 'uploadId');
          const contentMd5 = optionalContentMd5(body);
          // protocols.md 3.2: part_number goes in as a string; the SDK drops a numeric 0.
          const request = bucket.uploadMultipartRequest(key, {
            upload_id: uploadId,
            part_number: String(integer(body, 'partNumber')),
            ...(contentMd5 === undefined ? {} : { 'Content-MD5': contentMd5 }),
          });
          await request.signQuery(seconds(options.ttlSeconds));
          return { url: request.operation.uri, expiresAt: Number(request.operation.params.expires) * 1000 };
        }
        case 'put': {
          // One Put Object for a small file, signed like a part: its Content-MD5, no Content-Type.
          fileOf(body);
          const key = keyOf(body);
          const contentMd5 = optionalContentMd5(body);
          const request = bucket.putObjectRequest(key, contentMd5 === undefined ? {} : { 'Content-MD5': contentMd5 });
          await request.signQuery(seconds(options.ttlSeconds));
          const location = `${options.publicUrl}/${options.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
          return { url: request.operation.uri, expiresAt: Number(request.operation.params.expires) * 1000, key, location };
        }
        case 'list':
          return { parts: await listAll(bucket, field(body, 'key'), field(body, 'uploadId'), pageSize) };
        case 'complete': {
          const key = field(body, 'key');
          const request = bucket.completeMultipartUploadRequest(key, {
            upload_id: field(body, 'uploadId'),
            object_parts: completeParts(body),
          });
          const fileMd5 = optionalFileMd5(body);
          // Note: set after the SDK built the request: it passes header values through
          // encodeURI, which would turn the entity-tag's quotes into %22. ETag is not signed.
          if (fileMd5 !== undefined) request.operation.headers.etag = `"${fileMd5}"`;
          await request.send().catch(relay);
          const location = `${options.publicUrl}/${options.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
          return { key, bucket: options.bucket, location, ...(fileMd5 === undefined ? {} : { etag: `"${fileMd5}"` }) };
        }
        case 'abort':
          await bucket.abortMultipartUpload(field(body, 'key'), { upload_id: field(body, 'uploadId') }).catch(relay);
          return {};
        default:
          throw new SignerError(404, 'UnknownOperation', `QingStor has no signer operation ${op}`);
      }
    },
  };
  return signer;
}

function optionalContentMd5(body: JsonBody): string | undefined {
  const value = body.contentMd5;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]{22}==$/.test(value)) {
    throw new SignerError(400, 'InvalidRequest', 'contentMd5 must be the base64 of a 16-byte MD5');
  }
  return value;
}

function optionalFileMd5(body: JsonBody): string | undefined {
  const value = body.fileMd5;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[0-9a-fA-F]{32}$/.test(value)) {
    throw new SignerError(400, 'InvalidRequest', 'fileMd5 must be 32 hex digits');
  }
  return value.toLowerCase();
}

/** protocols.md 3.1: object_parts ascending by part_number; a part's etag is optional. */
function completeParts(body: JsonBody): { part_number: number; etag?: string }[] {
  const parts = body.parts;
  if (!Array.isArray(parts) || parts.length === 0) throw new SignerError(400, 'InvalidRequest', 'parts must be a non-empty array');
  return parts
    .map((item: unknown) => {
      const { partNumber, etag } = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
      if (typeof partNumber !== 'number' || !Number.isInteger(partNumber) || partNumber < 0) {
        throw new SignerError(400, 'InvalidRequest', 'each part needs an integer partNumber');
      }
      return { part_number: partNumber, ...(typeof etag === 'string' && etag !== '' ? { etag } : {}) };
    })
    .sort((a, b) => a.part_number - b.part_number);
}

/**
 * Every part of an upload. List Multipart has no "truncated" flag: a full page means there may
 * be more, asked for with part_number_marker = the last number seen (protocols.md 3.1). The
 * first page goes without a marker, because a marker of 0 would skip part 0.
 */
async function listAll(bucket: Bucket, key: string, uploadId: string, pageSize: number): Promise<{ partNumber: number; etag: string; size: number }[] | null> {
  const parts: { partNumber: number; etag: string; size: number }[] = [];
  let marker: number | undefined;
  for (;;) {
    let data: { object_parts?: unknown };
    try {
      ({ data } = await bucket.listMultipart(key, {
        upload_id: uploadId,
        limit: String(pageSize),
        // A string, for the same reason as part_number: the SDK drops a numeric 0.
        ...(marker === undefined ? {} : { part_number_marker: String(marker) }),
      }));
    } catch (error) {
      if (storageBody(error).code === 'upload_not_exists') return null;
      relay(error);
    }
    const page = Array.isArray(data.object_parts) ? (data.object_parts as Record<string, unknown>[]) : [];
    for (const part of page) {
      if (typeof part.part_number !== 'number' || typeof part.size !== 'number') {
        throw new SignerError(502, 'StorageUnavailable', 'List Multipart answered a part without part_number or size');
      }
      parts.push({ partNumber: part.part_number, size: part.size, etag: typeof part.etag === 'string' ? part.etag : '' });
    }
    const last = parts.at(-1)?.partNumber;
    if (page.length < pageSize || last === undefined) return parts;
    if (marker !== undefined && last <= marker) throw new SignerError(502, 'StorageUnavailable', 'List Multipart paging did not advance');
    marker = last;
  }
}
