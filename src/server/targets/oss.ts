import OSS from 'ali-oss';
import { SignerError } from '../errors.js';
import { field, fileOf, integer, keyOf, relayStorageError, seconds, type JsonBody, type Seconds, type StorageHandler } from './storage-handler.js';

export interface OssSignerOptions {
  /** Where the SDK sends its own requests, e.g. `http://localhost:9000`. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** Lifetime of each presigned part URL. */
  readonly ttlSeconds: Seconds;
  /** Base URL where stored objects can be read, for the `location` the browser is told. */
  readonly publicUrl: string;
  /** Sign with V4 (OSS4-HMAC-SHA256) in this region instead of V1. */
  readonly v4?: { readonly region: string };
}

interface OssSdkError {
  readonly status?: number;
  readonly code?: string;
  readonly message?: string;
}

function relay(error: unknown): never {
  const e = error as OssSdkError;
  relayStorageError(error, e.status, e.code);
}

/**
 * OSS with the official ali-oss SDK: it initiates, lists, completes and aborts itself, and
 * presigns each part URL (signature V1, or V4 when configured) for the browser. No
 * Content-Type is signed, because a sliced Blob is sent without one (protocols.md 0, fact 1).
 */
export function createOssSigner(options: OssSignerOptions): StorageHandler {
  if (options.v4 !== undefined && options.v4.region === '') {
    throw new SignerError(500, 'MissingRegion', 'OSS signature V4 needs the bucket region (config.region)');
  }
  const client = new OSS({
    endpoint: options.endpoint,
    accessKeyId: options.accessKeyId,
    accessKeySecret: options.accessKeySecret,
    bucket: options.bucket,
    secure: options.endpoint.startsWith('https:'),
    timeout: 120_000,
    ...(options.v4 === undefined ? {} : { region: options.v4.region, authorizationV4: true }),
  });
  // Path-style addressing: the emulator has no wildcard DNS for virtual-hosted buckets.
  (client as unknown as { setSLDEnabled(enable: boolean): void }).setSLDEnabled(true);

  const signer: StorageHandler = {
    async handle(op: string, body: JsonBody): Promise<unknown> {
      switch (op) {
        case 'initiate': {
          const file = fileOf(body);
          const key = keyOf(body);
          const result = await client.initMultipartUpload(key, { mime: file.type || 'application/octet-stream' }).catch(relay);
          return { uploadId: result.uploadId, key };
        }
        case 'put': {
          // One PutObject for a small file: the URL of a part without the multipart query, with
          // its Content-MD5 and Content-Type signed (V1 signs both; V4 signs the headers given).
          const file = fileOf(body);
          const key = keyOf(body);
          const contentMd5 = typeof body.contentMd5 === 'string' ? body.contentMd5 : undefined;
          const contentType = file.type || 'application/octet-stream';
          const ttl = seconds(options.ttlSeconds);
          const url = await putUrl(client, options.v4 !== undefined, key, ttl, contentMd5, contentType);
          const location = `${options.publicUrl}/${options.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
          return { url, headers: { 'Content-Type': contentType }, expiresAt: Date.now() + ttl * 1000, key, location };
        }
        case 'part': {
          const key = field(body, 'key');
          const uploadId = field(body, 'uploadId');
          const partNumber = integer(body, 'partNumber');
          const contentMd5 = typeof body.contentMd5 === 'string' ? body.contentMd5 : undefined;
          const ttl = seconds(options.ttlSeconds);
          const url = await partUrl(client, options.v4 !== undefined, key, { partNumber, uploadId }, ttl, contentMd5);
          return { url, expiresAt: Date.now() + ttl * 1000 };
        }
        case 'list':
          return { parts: await listAll(client, field(body, 'key'), field(body, 'uploadId')) };
        case 'complete': {
          const key = field(body, 'key');
          const parts = Array.isArray(body.parts) ? (body.parts as { partNumber: number; etag: string }[]) : [];
          const result = await client
            .completeMultipartUpload(
              key,
              field(body, 'uploadId'),
              parts.map((part) => ({ number: part.partNumber, etag: part.etag })),
            )
            .catch(relay);
          const location = `${options.publicUrl}/${options.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
          return { key, bucket: options.bucket, etag: result.etag, location };
        }
        case 'abort':
          await client.abortMultipartUpload(field(body, 'key'), field(body, 'uploadId')).catch(relay);
          return {};
        default:
          throw new SignerError(404, 'UnknownOperation', `OSS has no signer operation ${op}`);
      }
    },
  };
  return signer;
}

/** A presigned UploadPart URL; a given Content-MD5 is signed, so the browser must send it. */
async function partUrl(
  client: OSS,
  v4: boolean,
  key: string,
  part: { readonly partNumber: number; readonly uploadId: string },
  ttl: number,
  contentMd5: string | undefined,
): Promise<string> {
  if (v4) {
    const headers = contentMd5 === undefined ? {} : { 'Content-MD5': contentMd5 };
    return client.signatureUrlV4('PUT', ttl, { headers, queries: { partNumber: String(part.partNumber), uploadId: part.uploadId } }, key);
  }
  return client.signatureUrl(key, {
    method: 'PUT',
    expires: ttl,
    subResource: { partNumber: part.partNumber, uploadId: part.uploadId },
    ...(contentMd5 === undefined ? {} : { 'Content-MD5': contentMd5 }),
  } as OSS.SignatureUrlOptions);
}

/** A presigned PutObject URL with Content-MD5 (when given) and Content-Type signed. */
async function putUrl(client: OSS, v4: boolean, key: string, ttl: number, contentMd5: string | undefined, contentType: string): Promise<string> {
  if (v4) {
    const headers = { 'Content-Type': contentType, ...(contentMd5 === undefined ? {} : { 'Content-MD5': contentMd5 }) };
    return client.signatureUrlV4('PUT', ttl, { headers }, key);
  }
  return client.signatureUrl(key, {
    method: 'PUT',
    expires: ttl,
    'Content-Type': contentType,
    ...(contentMd5 === undefined ? {} : { 'Content-MD5': contentMd5 }),
  } as OSS.SignatureUrlOptions);
}

async function listAll(client: OSS, key: string, uploadId: string): Promise<{ partNumber: number; etag: string; size: number }[] | null> {
  const parts: { partNumber: number; etag: string; size: number }[] = [];
  let marker = 0;
  for (;;) {
    let page;
    try {
      page = await client.listParts(key, uploadId, { 'max-parts': 1000, 'part-number-marker': marker } as OSS.ListPartsQuery);
    } catch (error) {
      if ((error as OssSdkError).code === 'NoSuchUpload') return null;
      relay(error);
    }
    // Note: ali-oss passes the XML through, so `Size` arrives capitalised, unlike its typings,
    // and a single <Part> arrives as an object rather than a one-element array.
    const listed = page.parts as unknown as { PartNumber: string; ETag: string; Size: string }[] | { PartNumber: string; ETag: string; Size: string } | undefined;
    for (const part of Array.isArray(listed) ? listed : listed === undefined ? [] : [listed]) {
      parts.push({ partNumber: Number(part.PartNumber), etag: part.ETag, size: Number(part.Size) });
    }
    // IsTruncated arrives as the XML text "true" or "false".
    if (String(page.isTruncated) !== 'true') return parts;
    // A truncated page whose next marker does not move past this one would page forever.
    const next = Number(page.nextPartNumberMarker);
    if (!Number.isInteger(next) || next <= marker) throw new SignerError(502, 'StorageUnavailable', 'ListParts paging did not advance');
    marker = next;
  }
}
