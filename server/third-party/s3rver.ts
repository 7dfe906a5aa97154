import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import S3rver from 's3rver';
import { keepsStorage, processStorage } from '../process-storage.js';

/**
 * s3rver (jamhall/s3rver 3.7.1): someone else's implementation of S3, so the S3 adapter and
 * signer are also tried against code we did not write. It lacks ListParts and Abort routes and
 * does not check SigV4 signatures (protocols.md 5.4): tests use it for uploads end to end and
 * cover the rest with our own emulator.
 */
export interface ThirdPartyS3 {
  readonly name: string;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly bucket: string;
  readonly region: string;
  /** s3rver's built-in account. */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Calls `listener` with every request s3rver receives (the bench counts them). */
  onRequest(listener: (req: IncomingMessage) => void): void;
  close(): Promise<void>;
}

export const S3RVER_DEFAULTS = { bucket: 'test-bucket', region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** The bucket rule a browser upload needs (protocols.md 5.3), ETag exposed. */
const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedMethod>DELETE</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>600</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

/** Starts s3rver on loopback with its own folder in the process's storage; `close()` removes it. */
export async function startS3rver(port = 0): Promise<ThirdPartyS3> {
  const directory = await mkdtemp(join(processStorage(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    silent: true,
    directory,
    configureBuckets: [{ name: S3RVER_DEFAULTS.bucket, configs: [CORS] }],
  });
  const address = await server.run();
  // As our own servers do (shared/listen.ts): a client leaving mid-body must not crash the process.
  server.httpServer?.on('request', (req: IncomingMessage) => req.on('error', () => undefined));
  return {
    name: 's3rver',
    url: `http://127.0.0.1:${address.port}`,
    ...S3RVER_DEFAULTS,
    onRequest: (listener) => void server.httpServer?.on('request', listener),
    async close() {
      // Note: close() waits for idle keep-alive sockets (the SDK keeps some), so end them first.
      server.httpServer?.closeAllConnections();
      await server.close();
      if (!keepsStorage()) await rm(directory, { recursive: true, force: true });
    },
  };
}
