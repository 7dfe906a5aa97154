import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SignerError } from '../errors.js';
import { field, fileOf, integer, keyOf, relayStorageError, seconds, type JsonBody, type Seconds, type StorageHandler } from './storage-handler.js';

export interface S3SignerOptions {
  /** S3-compatible endpoint (MinIO, R2, OSS, COS, an emulator); absent means AWS S3 itself. */
  readonly endpoint?: string;
  readonly region: string;
  readonly bucket: string;
  /** `/<bucket>/<key>` URLs instead of `<bucket>.<host>`: MinIO, loopback emulators. */
  readonly forcePathStyle: boolean;
  /** Absent: the AWS SDK's default chain (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, profiles, roles). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** Lifetime of each presigned part URL, 1..604800 seconds. */
  readonly ttlSeconds: Seconds;
  /** Base URL where objects are read back, for the `location` the browser is told. */
  readonly publicUrl?: string;
  /** ListParts page size (S3 caps it at 1000); smaller pages only in tests. */
  readonly listPageSize?: number;
}

export type S3Signer = StorageHandler;

interface SdkError {
  readonly name?: string;
  readonly Code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

function codeOf(error: unknown): string | undefined {
  const e = error as SdkError;
  return e.Code ?? e.name;
}

/** The SDK's failure, relayed with the storage's own status and code. */
function relay(error: unknown): never {
  relayStorageError(error, (error as SdkError).$metadata?.httpStatusCode, codeOf(error));
}

/** S3's ETag of a multipart object: MD5 of the parts' binary MD5s, then `-<count>`. */
export function multipartEtag(partEtags: readonly string[]): string | undefined {
  const digests = partEtags.map((etag) => etag.replace(/"/g, '').toLowerCase());
  if (digests.length === 0 || !digests.every((hex) => /^[0-9a-f]{32}$/.test(hex))) return undefined;
  const md5 = createHash('md5').update(Buffer.concat(digests.map((hex) => Buffer.from(hex, 'hex')))).digest('hex');
  return `${md5}-${digests.length}`;
}

/** An optional Content-MD5: the base64 of 16 bytes. */
function base64Md5(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || Buffer.from(value, 'base64').length !== 16) {
    throw new SignerError(400, 'InvalidDigest', 'contentMd5 must be the base64 of a 16-byte MD5');
  }
  return value;
}

function partsOf(body: JsonBody): { PartNumber: number; ETag: string }[] {
  if (!Array.isArray(body.parts) || body.parts.length === 0) throw new SignerError(400, 'InvalidRequest', 'parts must be a non-empty array');
  return body.parts.map((item: unknown) => {
    const { partNumber, etag } = (item ?? {}) as Record<string, unknown>;
    if (typeof partNumber !== 'number' || !Number.isInteger(partNumber) || typeof etag !== 'string' || etag === '') {
      throw new SignerError(400, 'InvalidRequest', 'each part needs an integer partNumber and an etag');
    }
    return { PartNumber: partNumber, ETag: etag };
  });
}

/**
 * S3 and S3-compatible stores with the official AWS SDK v3: it initiates, lists, completes and
 * aborts itself, and presigns each part URL for the browser. Works unchanged against AWS S3,
 * MinIO, Cloudflare R2 and the S3 modes of OSS and COS; only the options differ.
 */
export function createS3Signer(options: S3SignerOptions): S3Signer {
  const client = new S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    // protocols.md 5.2: since 3.729.0 the SDK adds a CRC32 of the (absent) body to presigned
    // part URLs unless told to add checksums only where the API requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // One retry layer: the browser engine's, with backoff, lane throttling and retry events.
    // A second one here would multiply waits and hide failures (such as Complete's
    // 200-with-Error) from the engine that must decide about them.
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000 },
  });
  const bucket = options.bucket;
  const pageSize = options.listPageSize ?? 1000;
  const location = (key: string): string => {
    const base = options.publicUrl ?? (options.endpoint === undefined ? `https://${bucket}.s3.${options.region}.amazonaws.com` : `${options.endpoint}/${bucket}`);
    return `${base.replace(/\/+$/, '')}/${key.split('/').map(encodeURIComponent).join('/')}`;
  };

  const listAll = async (key: string, uploadId: string): Promise<{ partNumber: number; etag: string; size: number }[] | null> => {
    const parts: { partNumber: number; etag: string; size: number }[] = [];
    let marker: string | undefined;
    for (;;) {
      let page;
      try {
        page = await client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MaxParts: pageSize, PartNumberMarker: marker }));
      } catch (error) {
        if (codeOf(error) === 'NoSuchUpload') return null;
        relay(error);
      }
      for (const part of page.Parts ?? []) parts.push({ partNumber: part.PartNumber ?? 0, etag: part.ETag ?? '', size: part.Size ?? 0 });
      if (page.IsTruncated !== true) return parts;
      if (page.NextPartNumberMarker === undefined || page.NextPartNumberMarker === marker) {
        throw new SignerError(502, 'StorageUnavailable', 'ListParts said the list goes on but gave no next marker');
      }
      marker = page.NextPartNumberMarker;
    }
  };

  /**
   * protocols.md 5.1: NoSuchUpload right after a Complete whose answer was lost (the browser
   * retries) most likely means the first Complete succeeded. The object's ETag tells: S3 derives
   * it from exactly the parts listed, so a match means the object holds those bytes.
   */
  const alreadyCompleted = async (key: string, parts: readonly { ETag: string }[]): Promise<string | undefined> => {
    const expected = multipartEtag(parts.map((part) => part.ETag));
    if (expected === undefined) return undefined;
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
    const etag = head?.ETag;
    return etag !== undefined && etag.replace(/"/g, '').toLowerCase() === expected ? etag : undefined;
  };

  const signer: S3Signer = {
    async handle(op: string, body: JsonBody): Promise<unknown> {
      switch (op) {
        case 'initiate': {
          const file = fileOf(body);
          const key = keyOf(body);
          const result = await client
            .send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: file.type || 'application/octet-stream' }))
            .catch(relay);
          if (result.UploadId === undefined) throw new SignerError(502, 'StorageUnavailable', 'CreateMultipartUpload answered without an UploadId');
          return { uploadId: result.UploadId, key };
        }
        case 'put': {
          // One PutObject for a small file: its size is signed as Content-Length and a given
          // Content-MD5 too, so the URL stores exactly these bytes (the presigner leaves
          // Content-Type unsigned; the browser sends it as the answer's headers say).
          const file = fileOf(body);
          const key = keyOf(body);
          const contentMd5 = base64Md5(body.contentMd5);
          const contentType = file.type || 'application/octet-stream';
          const command = new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            ContentLength: file.size,
            ContentType: contentType,
            ...(contentMd5 === undefined ? {} : { ContentMD5: contentMd5 }),
          });
          const ttl = seconds(options.ttlSeconds);
          const url = await getSignedUrl(client, command, { expiresIn: ttl });
          return { url, headers: { 'Content-Type': contentType }, expiresAt: Date.now() + ttl * 1000, key, location: location(key) };
        }
        case 'part': {
          const partNumber = integer(body, 'partNumber');
          if (partNumber < 1 || partNumber > 10_000) throw new SignerError(400, 'InvalidArgument', 'partNumber must be from 1 to 10000');
          const contentMd5 = body.contentMd5;
          if (contentMd5 !== undefined && (typeof contentMd5 !== 'string' || Buffer.from(contentMd5, 'base64').length !== 16)) {
            throw new SignerError(400, 'InvalidDigest', 'contentMd5 must be the base64 of a 16-byte MD5');
          }
          // A Content-MD5 given here is signed (X-Amz-SignedHeaders=content-md5;host): the URL
          // then uploads exactly these bytes and nothing else, and S3 still checks the digest.
          // A size is signed as Content-Length too: the URL takes that many bytes only.
          const size = body.size;
          if (size !== undefined && (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)) {
            throw new SignerError(400, 'InvalidArgument', 'size must be a whole number of bytes');
          }
          const command = new UploadPartCommand({
            Bucket: bucket,
            Key: field(body, 'key'),
            UploadId: field(body, 'uploadId'),
            PartNumber: partNumber,
            ...(typeof contentMd5 === 'string' ? { ContentMD5: contentMd5 } : {}),
            ...(typeof size === 'number' ? { ContentLength: size } : {}),
          });
          const ttl = seconds(options.ttlSeconds);
          const url = await getSignedUrl(client, command, { expiresIn: ttl });
          return { url, expiresAt: Date.now() + ttl * 1000 };
        }
        case 'list':
          return { parts: await listAll(field(body, 'key'), field(body, 'uploadId')) };
        case 'complete': {
          const key = field(body, 'key');
          const uploadId = field(body, 'uploadId');
          const parts = partsOf(body);
          let etag: string | undefined;
          try {
            const result = await client.send(
              new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
            );
            etag = result.ETag;
            // The SDK turns a 200 whose body ends in </Error> into an error; an answer that
            // still carries no ETag is a failure it did not recognise (protocols.md 5.1).
            if (etag === undefined) throw new SignerError(502, 'InternalError', 'S3 answered CompleteMultipartUpload without a result; try again');
          } catch (error) {
            etag = codeOf(error) === 'NoSuchUpload' ? await alreadyCompleted(key, parts) : undefined;
            if (etag === undefined) relay(error);
          }
          return { key, bucket, etag, location: location(key) };
        }
        case 'abort':
          await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: field(body, 'key'), UploadId: field(body, 'uploadId') })).catch(relay);
          return {};
        default:
          throw new SignerError(404, 'UnknownOperation', `S3 has no signer operation ${op}`);
      }
    },
  };
  return signer;
}
