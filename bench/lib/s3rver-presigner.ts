import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startS3rver } from '../../server/third-party/s3rver.js';
import type { BenchServer, Received } from './bench-server.js';

/** What Uppy 6's `signRequest` is given (@uppy/aws-s3's PresignableRequest), as JSON. */
interface PresignRequest {
  readonly method: 'PUT' | 'POST' | 'GET' | 'DELETE';
  readonly key: string;
  readonly uploadId?: string;
  readonly partNumber?: number;
  readonly contentType?: string;
}

export interface S3rverBench extends BenchServer {
  /** `POST <presigner>` with a PresignRequest answers `{ url }`. */
  readonly presigner: string;
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': '*',
  'Access-Control-Max-Age': '600',
};

/** A presigned URL for the S3 call the browser will make: the SDK command the request stands for. */
function presigned(client: S3Client, Bucket: string, request: PresignRequest): Promise<string> {
  const { key: Key, uploadId: UploadId } = request;
  const options = { expiresIn: 3600 };
  if (request.method === 'PUT' && UploadId !== undefined) return getSignedUrl(client, new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: request.partNumber ?? 1 }), options);
  if (request.method === 'PUT') return getSignedUrl(client, new PutObjectCommand({ Bucket, Key, ...(request.contentType === undefined ? {} : { ContentType: request.contentType }) }), options);
  if (request.method === 'POST' && UploadId !== undefined) return getSignedUrl(client, new CompleteMultipartUploadCommand({ Bucket, Key, UploadId }), options);
  if (request.method === 'POST') return getSignedUrl(client, new CreateMultipartUploadCommand({ Bucket, Key }), options);
  if (request.method === 'GET' && UploadId !== undefined) return getSignedUrl(client, new ListPartsCommand({ Bucket, Key, UploadId }), options);
  if (request.method === 'DELETE' && UploadId !== undefined) return getSignedUrl(client, new AbortMultipartUploadCommand({ Bucket, Key, UploadId }), options);
  if (request.method === 'DELETE') return getSignedUrl(client, new DeleteObjectCommand({ Bucket, Key }), options);
  return Promise.reject(new Error(`cannot presign ${request.method}`));
}

/**
 * s3rver (someone else's S3, writing objects to a temp folder) on loopback, and beside it a tiny
 * presigner for Uppy's `signRequest`, with the AWS SDK and s3rver's own account. Requests are
 * counted at both. `received()` lists the bucket; `reset()` empties it, so runs do not fill the disk.
 */
export async function startS3rverBench(): Promise<S3rverBench> {
  const s3rver = await startS3rver();
  let requests = 0;
  s3rver.onRequest((req) => {
    if (req.method !== 'OPTIONS') requests += 1;
  });
  const client = new S3Client({
    endpoint: s3rver.url,
    region: s3rver.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3rver.accessKeyId, secretAccessKey: s3rver.secretAccessKey },
  });

  const presign = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PresignRequest;
    const url = await presigned(client, s3rver.bucket, request);
    res.writeHead(200, { ...CORS, 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ url }));
  };
  const http = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    requests += 1;
    presign(req, res).catch(() => {
      res.writeHead(400, CORS);
      res.end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));

  const listed = async (): Promise<{ key: string; size: number }[]> => {
    const out: { key: string; size: number }[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: s3rver.bucket, ...(token === undefined ? {} : { ContinuationToken: token }) }));
      for (const object of page.Contents ?? []) out.push({ key: object.Key ?? '', size: object.Size ?? 0 });
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return out;
  };

  return {
    presigner: `http://127.0.0.1:${(http.address() as AddressInfo).port}/presign`,
    requests: () => requests,
    received: async (): Promise<Received> => {
      const objects = await listed();
      return { objects: objects.length, bytes: objects.reduce((sum, object) => sum + object.size, 0) };
    },
    reset: async () => {
      const objects = await listed();
      for (let at = 0; at < objects.length; at += 1000) {
        const batch = objects.slice(at, at + 1000).map((object) => ({ Key: object.key }));
        await client.send(new DeleteObjectsCommand({ Bucket: s3rver.bucket, Delete: { Objects: batch, Quiet: true } }));
      }
      requests = 0;
    },
    close: async () => {
      client.destroy();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await s3rver.close();
    },
  };
}
