import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createS3Emulator, S3_DEFAULTS, type S3Emulator } from '../../server/emulators/s3.js';
import { errorCode, sdkClient, sdkFailure } from './helpers/s3-client.js';

const Bucket = S3_DEFAULTS.bucket;

function bytes(size: number, fill: number): Buffer {
  return Buffer.alloc(size, fill);
}

function md5(body: Buffer, encoding: 'hex' | 'base64'): string {
  return createHash('md5').update(body).digest(encoding);
}

describe('S3 emulator strictness · authentication and CORS', () => {
  let emulator: S3Emulator;
  let s3: S3Client;

  const initiate = async (Key: string): Promise<string> => (await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }))).UploadId!;
  const partUrl = (Key: string, UploadId: string, PartNumber: number, ContentMD5?: string): Promise<string> =>
    getSignedUrl(s3, new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, ...(ContentMD5 === undefined ? {} : { ContentMD5 }) }), { expiresIn: 600 });
  const putPart = async (Key: string, UploadId: string, PartNumber: number, body: Buffer): Promise<string> => {
    const response = await fetch(await partUrl(Key, UploadId, PartNumber), { method: 'PUT', body: new Uint8Array(body) });
    assert.equal(response.status, 200, await response.clone().text());
    return response.headers.get('etag')!;
  };
  const complete = (Key: string, UploadId: string, Parts: { PartNumber: number; ETag: string }[]) =>
    s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts } }));
  const failureOf = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      return sdkFailure(error);
    }
    return assert.fail('the request succeeded');
  };

  before(async () => {
    emulator = await createS3Emulator();
    s3 = sdkClient(emulator.url);
  });
  afterEach(() => emulator.reset());
  after(() => emulator.close());

  describe('presigned URLs', () => {
    it('rejects a tampered signature with 403 SignatureDoesNotMatch', async () => {
      const uploadId = await initiate('strict/sig.bin');
      const url = (await partUrl('strict/sig.bin', uploadId, 1)).replace(/X-Amz-Signature=[0-9a-f]+/, `X-Amz-Signature=${'0'.repeat(64)}`);

      const response = await fetch(url, { method: 'PUT', body: 'x' });

      assert.equal(response.status, 403);
      assert.equal(await errorCode(response), 'SignatureDoesNotMatch');
    });

    it('rejects an expired URL with 403 AccessDenied "Request has expired"', async () => {
      const uploadId = await initiate('strict/expired.bin');
      const url = await getSignedUrl(s3, new UploadPartCommand({ Bucket, Key: 'strict/expired.bin', UploadId: uploadId, PartNumber: 1 }), {
        expiresIn: 60,
        signingDate: new Date(Date.now() - 120_000),
      });

      const response = await fetch(url, { method: 'PUT', body: 'x' });

      assert.equal(response.status, 403);
      const text = await response.text();
      assert.match(text, /<Code>AccessDenied<\/Code>/);
      assert.match(text, /Request has expired/);
    });

    it('rejects X-Amz-Expires over a week with 400 AuthorizationQueryParametersError', async () => {
      const uploadId = await initiate('strict/week.bin');
      const url = (await partUrl('strict/week.bin', uploadId, 1)).replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=604801');

      const response = await fetch(url, { method: 'PUT', body: 'x' });

      assert.equal(response.status, 400);
      assert.equal(await errorCode(response), 'AuthorizationQueryParametersError');
    });

    it('rejects an unknown access key with 403 InvalidAccessKeyId and another region with 400', async () => {
      const uploadId = await initiate('strict/keys.bin');
      const stranger = sdkClient(emulator.url, { credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' } });
      const elsewhere = sdkClient(emulator.url, { region: 'eu-central-1' });
      const command = new UploadPartCommand({ Bucket, Key: 'strict/keys.bin', UploadId: uploadId, PartNumber: 1 });

      const unknown = await fetch(await getSignedUrl(stranger, command, { expiresIn: 600 }), { method: 'PUT', body: 'x' });
      const region = await fetch(await getSignedUrl(elsewhere, command, { expiresIn: 600 }), { method: 'PUT', body: 'x' });

      assert.equal(unknown.status, 403);
      assert.equal(await errorCode(unknown), 'InvalidAccessKeyId');
      assert.equal(region.status, 400);
      assert.equal(await errorCode(region), 'AuthorizationQueryParametersError');
    });

    it('rejects an x-amz-* header the URL did not sign with 403 AccessDenied', async () => {
      const uploadId = await initiate('strict/unsigned.bin');

      const response = await fetch(await partUrl('strict/unsigned.bin', uploadId, 1), {
        method: 'PUT',
        body: 'x',
        headers: { 'x-amz-checksum-crc32': 'AAAAAA==' },
      });

      assert.equal(response.status, 403);
      const text = await response.text();
      assert.match(text, /There were headers present in the request which were not signed/);
      assert.match(text, /<HeadersNotSigned>x-amz-checksum-crc32<\/HeadersNotSigned>/);
    });

    it('binds a URL with a signed Content-MD5 to those bytes: another digest is 403 SignatureDoesNotMatch', async () => {
      const uploadId = await initiate('strict/bound.bin');
      const body = bytes(10, 1);
      const url = await partUrl('strict/bound.bin', uploadId, 1, md5(body, 'base64'));

      const other = await fetch(url, { method: 'PUT', body: new Uint8Array(bytes(10, 2)), headers: { 'Content-MD5': md5(bytes(10, 2), 'base64') } });
      const same = await fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { 'Content-MD5': md5(body, 'base64') } });

      assert.equal(other.status, 403);
      assert.equal(await errorCode(other), 'SignatureDoesNotMatch');
      assert.equal(same.status, 200);
    });
  });

  describe('header-signed requests (the signer SDK)', () => {
    it('rejects a body that does not match x-amz-content-sha256 with 400 XAmzContentSHA256Mismatch', async () => {
      const key = 'strict/payload.bin';
      const uploadId = await initiate(key);
      const etag = await putPart(key, uploadId, 1, bytes(10, 1));
      const swapped = sdkClient(emulator.url);
      // After signing, one byte of the body changes under the signed hash, as a broken proxy would.
      swapped.middlewareStack.add(
        (next) => async (args) => {
          const request = args.request as { body: string };
          request.body = request.body.replace('<PartNumber>1<', '<PartNumber>2<');
          return next(args);
        },
        { step: 'deserialize', priority: 'low' },
      );

      const failure = await failureOf(
        swapped.send(new CompleteMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: etag }] } })),
      );

      assert.deepEqual(failure, { code: 'XAmzContentSHA256Mismatch', status: 400 });
    });

    it('rejects a request signed 20 minutes off the server clock with 403 RequestTimeTooSkewed', async () => {
      const skewed = sdkClient(emulator.url, { systemClockOffset: -20 * 60 * 1000 });

      const failure = await failureOf(skewed.send(new CreateMultipartUploadCommand({ Bucket, Key: 'strict/skew.bin' })));

      assert.deepEqual(failure, { code: 'RequestTimeTooSkewed', status: 403 });
    });

    it('refuses anonymous writes with 403 AccessDenied and allows anonymous reads of objects', async () => {
      const key = 'strict/anonymous.bin';
      const uploadId = await initiate(key);
      const etag = await putPart(key, uploadId, 1, bytes(10, 4));
      await complete(key, uploadId, [{ PartNumber: 1, ETag: etag }]);

      const write = await fetch(`${emulator.url}/${Bucket}/${key}?uploads`, { method: 'POST' });
      const read = await fetch(`${emulator.url}/${Bucket}/${key}`);

      assert.equal(write.status, 403);
      assert.equal(await errorCode(write), 'AccessDenied');
      assert.equal(read.status, 200);
      assert.equal(md5(Buffer.from(await read.arrayBuffer()), 'hex'), md5(bytes(10, 4), 'hex'));
    });
  });

  describe('CORS', () => {
    it('answers a preflight for PUT with Content-MD5', async () => {
      const response = await fetch(`${emulator.url}/${Bucket}/x?partNumber=1&uploadId=u`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://app.test', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-md5' },
      });

      assert.equal(response.status, 200);
      assert.equal(response.headers.get('access-control-allow-origin'), 'http://app.test');
      assert.match(response.headers.get('access-control-allow-headers') ?? '', /content-md5/);
    });

    it('exposes ETag to pages unless configured not to', async () => {
      const uploadId = await initiate('strict/cors.bin');
      const put = async (): Promise<string | null> => {
        const response = await fetch(await partUrl('strict/cors.bin', uploadId, 1), { method: 'PUT', body: 'x', headers: { Origin: 'http://app.test' } });
        return response.headers.get('access-control-expose-headers');
      };

      const exposed = await put();
      emulator.configure({ exposeEtag: false });
      const hidden = await put();

      assert.match(exposed ?? '', /\bETag\b/);
      assert.doesNotMatch(hidden ?? '', /\bETag\b/);
    });
  });
});
