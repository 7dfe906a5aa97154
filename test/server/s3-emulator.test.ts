import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createS3Emulator, S3_DEFAULTS, type S3Emulator } from '../../server/emulators/s3.js';
import { errorCode, sdkClient, sdkFailure } from './helpers/s3-client.js';

const MiB = 1024 * 1024;
const Bucket = S3_DEFAULTS.bucket;

function bytes(size: number, fill: number): Buffer {
  return Buffer.alloc(size, fill);
}

function md5(body: Buffer, encoding: 'hex' | 'base64'): string {
  return createHash('md5').update(body).digest(encoding);
}

describe('S3 emulator strictness · multipart operations', () => {
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

  describe('UploadPart', () => {
    it('checks an unsigned Content-MD5 too: a mismatch is 400 BadDigest and stores nothing', async () => {
      const uploadId = await initiate('strict/digest.bin');

      const response = await fetch(await partUrl('strict/digest.bin', uploadId, 1), {
        method: 'PUT',
        body: new Uint8Array(bytes(10, 1)),
        headers: { 'Content-MD5': md5(bytes(10, 2), 'base64') },
      });

      assert.equal(response.status, 400);
      assert.equal(await errorCode(response), 'BadDigest');
      assert.deepEqual(emulator.uploads().find((u) => u.uploadId === uploadId)?.parts, []);
    });

    it('rejects a Content-MD5 that is not a base64 MD5 with 400 InvalidDigest', async () => {
      const uploadId = await initiate('strict/invalid-digest.bin');

      const response = await fetch(await partUrl('strict/invalid-digest.bin', uploadId, 1), {
        method: 'PUT',
        body: 'x',
        headers: { 'Content-MD5': 'not-a-digest' },
      });

      assert.equal(response.status, 400);
      assert.equal(await errorCode(response), 'InvalidDigest');
    });

    it('rejects part numbers 0 and 10001 with 400 InvalidArgument', async () => {
      const uploadId = await initiate('strict/numbers.bin');

      const zero = await fetch(await partUrl('strict/numbers.bin', uploadId, 0), { method: 'PUT', body: 'x' });
      const over = await fetch(await partUrl('strict/numbers.bin', uploadId, 10_001), { method: 'PUT', body: 'x' });

      assert.equal(zero.status, 400);
      assert.equal(await errorCode(zero), 'InvalidArgument');
      assert.equal(over.status, 400);
      assert.equal(await errorCode(over), 'InvalidArgument');
    });

    it('answers the quoted lower-case hex MD5 as the ETag and counts every acceptance', async () => {
      const uploadId = await initiate('strict/etag.bin');
      const body = bytes(1000, 3);

      const first = await putPart('strict/etag.bin', uploadId, 1, body);
      await putPart('strict/etag.bin', uploadId, 1, body);

      assert.equal(first, `"${md5(body, 'hex')}"`);
      assert.equal(emulator.accepted().find((a) => a.uploadId === uploadId)?.count, 2);
    });

    it('answers 404 NoSuchUpload for an upload that was completed', async () => {
      const key = 'strict/after-complete.bin';
      const uploadId = await initiate(key);
      const etag = await putPart(key, uploadId, 1, bytes(10, 1));
      await complete(key, uploadId, [{ PartNumber: 1, ETag: etag }]);

      const again = await fetch(await partUrl(key, uploadId, 2), { method: 'PUT', body: 'x' });

      assert.equal(again.status, 404);
      assert.equal(await errorCode(again), 'NoSuchUpload');
    });
  });

  describe('CompleteMultipartUpload', () => {
    it('stores the parts joined, with the multipart ETag, and forgets the upload', async () => {
      const key = 'strict/complete.bin';
      const uploadId = await initiate(key);
      const a = bytes(5 * MiB, 7);
      const b = bytes(33, 9);
      const ea = await putPart(key, uploadId, 1, a);
      const eb = await putPart(key, uploadId, 3, b);

      const result = await complete(key, uploadId, [
        { PartNumber: 1, ETag: ea },
        { PartNumber: 3, ETag: eb },
      ]);

      const partsMd5 = createHash('md5').update(Buffer.concat([Buffer.from(md5(a, 'hex'), 'hex'), Buffer.from(md5(b, 'hex'), 'hex')])).digest('hex');
      assert.equal(result.ETag, `"${partsMd5}-2"`);
      assert.equal(emulator.object(key)?.md5, md5(Buffer.concat([a, b]), 'hex'));
      assert.equal(emulator.uploads().some((u) => u.uploadId === uploadId), false);
    });

    it('rejects a non-last part under 5 MiB with 400 EntityTooSmall', async () => {
      const key = 'strict/small.bin';
      const uploadId = await initiate(key);
      const e1 = await putPart(key, uploadId, 1, bytes(5 * MiB - 1, 1));
      const e2 = await putPart(key, uploadId, 2, bytes(10, 2));

      const failure = await failureOf(complete(key, uploadId, [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }]));

      assert.deepEqual(failure, { code: 'EntityTooSmall', status: 400 });
    });

    it('rejects a wrong ETag or a missing part with 400 InvalidPart', async () => {
      const key = 'strict/invalid-part.bin';
      const uploadId = await initiate(key);
      await putPart(key, uploadId, 1, bytes(10, 1));

      const wrong = await failureOf(complete(key, uploadId, [{ PartNumber: 1, ETag: `"${'0'.repeat(32)}"` }]));
      const missing = await failureOf(complete(key, uploadId, [{ PartNumber: 2, ETag: `"${md5(bytes(10, 1), 'hex')}"` }]));

      assert.deepEqual(wrong, { code: 'InvalidPart', status: 400 });
      assert.deepEqual(missing, { code: 'InvalidPart', status: 400 });
    });

    it('rejects parts out of order with 400 InvalidPartOrder and an empty list with 400 MalformedXML', async () => {
      const key = 'strict/order.bin';
      const uploadId = await initiate(key);
      const e1 = await putPart(key, uploadId, 1, bytes(5 * MiB, 1));
      const e2 = await putPart(key, uploadId, 2, bytes(10, 2));

      const order = await failureOf(complete(key, uploadId, [{ PartNumber: 2, ETag: e2 }, { PartNumber: 1, ETag: e1 }]));
      const empty = await failureOf(complete(key, uploadId, []));

      assert.deepEqual(order, { code: 'InvalidPartOrder', status: 400 });
      assert.deepEqual(empty, { code: 'MalformedXML', status: 400 });
    });

    it('acts out error-in-200: a 200 whose body, after whitespace, is an <Error>; the upload stays open', async () => {
      const key = 'strict/late-error.bin';
      const uploadId = await initiate(key);
      const etag = await putPart(key, uploadId, 1, bytes(10, 1));
      emulator.faults.add({ op: 'CompleteMultipartUpload', action: 'error-in-200', times: 1 });
      const xml = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${etag}</ETag></Part></CompleteMultipartUpload>`;
      const url = await getSignedUrl(s3, new CompleteMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId }), { expiresIn: 600 });

      const response = await fetch(url, { method: 'POST', body: xml });
      const body = await response.text();

      assert.equal(response.status, 200);
      assert.match(body, /^<\?xml[^>]*\?>\n {64}<Error><Code>InternalError<\/Code>/);
      assert.match(body, /<\/Error>$/);
      assert.equal(emulator.uploads().some((u) => u.uploadId === uploadId), true);
    });

    it('makes the AWS SDK throw InternalError on error-in-200', async () => {
      const key = 'strict/late-error-sdk.bin';
      const uploadId = await initiate(key);
      const etag = await putPart(key, uploadId, 1, bytes(10, 1));
      emulator.faults.add({ op: 'CompleteMultipartUpload', action: 'error-in-200', times: 1 });

      const failure = await failureOf(complete(key, uploadId, [{ PartNumber: 1, ETag: etag }]));
      const retried = await complete(key, uploadId, [{ PartNumber: 1, ETag: etag }]);

      assert.deepEqual(failure, { code: 'InternalError', status: 503 });
      assert.equal(emulator.object(key)?.md5, md5(bytes(10, 1), 'hex'));
      assert.match(retried.ETag ?? '', /-1"$/);
    });
  });

  describe('ListParts and AbortMultipartUpload', () => {
    it('pages ListParts with max-parts and part-number-marker', async () => {
      const key = 'strict/list.bin';
      const uploadId = await initiate(key);
      for (const n of [1, 2, 3]) await putPart(key, uploadId, n, bytes(10, n));

      const first = await s3.send(new ListPartsCommand({ Bucket, Key: key, UploadId: uploadId, MaxParts: 2 }));
      const rest = await s3.send(new ListPartsCommand({ Bucket, Key: key, UploadId: uploadId, MaxParts: 2, PartNumberMarker: first.NextPartNumberMarker }));

      assert.equal(first.IsTruncated, true);
      assert.equal(first.NextPartNumberMarker, '2');
      assert.deepEqual(first.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag]), [
        [1, 10, `"${md5(bytes(10, 1), 'hex')}"`],
        [2, 10, `"${md5(bytes(10, 2), 'hex')}"`],
      ]);
      assert.equal(rest.IsTruncated, false);
      assert.deepEqual(rest.Parts?.map((p) => p.PartNumber), [3]);
    });

    it('aborts an upload with 204 and removes its parts; a second abort is 404 NoSuchUpload', async () => {
      const key = 'strict/abort.bin';
      const uploadId = await initiate(key);
      await putPart(key, uploadId, 1, bytes(10, 1));

      const first = await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId }));
      const second = await failureOf(s3.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId })));

      assert.equal(first.$metadata.httpStatusCode, 204);
      assert.equal(emulator.uploads().some((u) => u.uploadId === uploadId), false);
      assert.deepEqual(second, { code: 'NoSuchUpload', status: 404 });
    });
  });
});
