import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createS3Emulator, S3_DEFAULTS, type S3Emulator } from '../../server/emulators/s3.js';
import { checksumOf } from '../../server/emulators/s3/checksums.js';
import { errorCode, sdkClient, sdkFailure } from './helpers/s3-client.js';

/**
 * What S3 refuses about checksums and credentials, with S3's status, code and message
 * (protocols.md 5.5), asked through the AWS SDK: a wrong value is BadDigest and stores nothing.
 */

const MiB = 1024 * 1024;
const Bucket = S3_DEFAULTS.bucket;
const body = Buffer.from('hello\n');
/** CRC32 of `hello\n`, as real S3 was seen to compute it (ministackorg/ministack#1497). */
const HELLO_CRC32 = 'NjowIA==';

async function failureOf(promise: Promise<unknown>): Promise<{ code: string | undefined; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { ...sdkFailure(error), message: error instanceof Error ? error.message : String(error) };
  }
  return assert.fail('the request succeeded');
}

describe('S3 emulator · checksum and credential refusals', () => {
  let emulator: S3Emulator;
  let s3: S3Client;

  before(async () => {
    emulator = await createS3Emulator();
    s3 = sdkClient(emulator.url);
  });
  afterEach(() => emulator.reset());
  after(() => emulator.close());

  const put = (Key: string, extra: Record<string, string>) => s3.send(new PutObjectCommand({ Bucket, Key, Body: body, ...extra }));

  it('computes the CRC32 real S3 computes', async () => {
    assert.equal(await checksumOf('crc32', body), HELLO_CRC32);
  });

  it('refuses a wrong x-amz-checksum-crc32 with 400 BadDigest and stores nothing', async () => {
    const failure = await failureOf(put('refuse/crc32.txt', { ChecksumCRC32: 'AAAAAA==' }));

    assert.deepEqual([failure.status, failure.code], [400, 'BadDigest']);
    assert.equal(failure.message, 'The CRC32 you specified did not match the calculated checksum.');
    assert.equal(emulator.object('refuse/crc32.txt'), undefined);
  });

  it('refuses a wrong x-amz-checksum-sha256 on UploadPart with 400 BadDigest', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'refuse/part.bin' }));
    const failure = await failureOf(
      s3.send(new UploadPartCommand({ Bucket, Key: 'refuse/part.bin', UploadId, PartNumber: 1, Body: body, ChecksumSHA256: Buffer.alloc(32).toString('base64') })),
    );

    assert.deepEqual([failure.status, failure.code, failure.message], [400, 'BadDigest', 'The SHA256 you specified did not match the calculated checksum.']);
    assert.deepEqual(emulator.uploads()[0]?.parts, []);
  });

  it('refuses a malformed value, two checksums, or an SDK algorithm naming another one with 400 InvalidRequest', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ ChecksumCRC32: 'not-base64!' }, 'Value for x-amz-checksum-crc32 header is invalid.'],
      [{ ChecksumCRC32: HELLO_CRC32, ChecksumSHA1: Buffer.alloc(20).toString('base64') }, 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.'],
      [{ ChecksumAlgorithm: 'CRC32C', ChecksumCRC32: HELLO_CRC32 }, 'Value for x-amz-sdk-checksum-algorithm header is invalid.'],
    ];
    for (const [extra, message] of cases) {
      const failure = await failureOf(put('refuse/invalid.txt', extra));
      assert.deepEqual([failure.status, failure.code, failure.message], [400, 'InvalidRequest', message]);
    }
  });

  describe('uploads created with a checksum algorithm', () => {
    const create = async (Key: string, ChecksumAlgorithm: 'CRC32' | 'SHA256') =>
      (await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ChecksumAlgorithm }))).UploadId!;
    const part = (Key: string, UploadId: string, PartNumber: number, data: Buffer, extra: Record<string, string>) =>
      s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: data, ...extra }));

    it('refuses a part with no checksum or another algorithm with 400 InvalidRequest', async () => {
      const UploadId = await create('refuse/typed.bin', 'CRC32');

      const none = await failureOf(part('refuse/typed.bin', UploadId, 1, body, {}));
      const other = await failureOf(part('refuse/typed.bin', UploadId, 1, body, { ChecksumAlgorithm: 'SHA1' }));

      assert.deepEqual([none.code, none.message], ['InvalidRequest', 'Checksum Type mismatch occurred, expected checksum Type: crc32, actual checksum Type: null']);
      assert.deepEqual([other.code, other.message], ['InvalidRequest', 'Checksum Type mismatch occurred, expected checksum Type: crc32, actual checksum Type: sha1']);
    });

    it('refuses a Complete that omits a part checksum (InvalidRequest) or names a wrong one (InvalidPart)', async () => {
      const Key = 'refuse/complete.bin';
      const UploadId = await create(Key, 'SHA256');
      const data = Buffer.alloc(5 * MiB, 7);
      const first = await part(Key, UploadId, 1, data, { ChecksumAlgorithm: 'SHA256' });
      const second = await part(Key, UploadId, 2, body, { ChecksumAlgorithm: 'SHA256' });
      const complete = (Parts: CompletedPart[]) => s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts } }));

      const missing = await failureOf(complete([{ PartNumber: 1, ETag: first.ETag!, ChecksumSHA256: first.ChecksumSHA256! }, { PartNumber: 2, ETag: second.ETag! }]));
      const wrong = await failureOf(
        complete([
          { PartNumber: 1, ETag: first.ETag!, ChecksumSHA256: first.ChecksumSHA256! },
          { PartNumber: 2, ETag: second.ETag!, ChecksumSHA256: first.ChecksumSHA256! },
        ]),
      );

      assert.deepEqual(
        [missing.status, missing.code, missing.message],
        [400, 'InvalidRequest', 'The upload was created using a sha256 checksum. The complete request must include the checksum for each part. It was missing for part 2 in the request.'],
      );
      assert.deepEqual([wrong.status, wrong.code], [400, 'InvalidPart']);
      const done = await complete([
        { PartNumber: 1, ETag: first.ETag!, ChecksumSHA256: first.ChecksumSHA256! },
        { PartNumber: 2, ETag: second.ETag!, ChecksumSHA256: second.ChecksumSHA256! },
      ]);
      assert.match(done.ChecksumSHA256 ?? '', /=-2$/);
      assert.equal(done.ChecksumType, 'COMPOSITE');
    });

    it('refuses checksum types an algorithm does not allow with 400 InvalidRequest', async () => {
      const failure = await failureOf(s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'refuse/type.bin', ChecksumAlgorithm: 'SHA256', ChecksumType: 'FULL_OBJECT' })));

      assert.deepEqual([failure.code, failure.message], ['InvalidRequest', 'The FULL_OBJECT checksum type cannot be used with the sha256 checksum algorithm.']);
    });
  });

  describe('credentials', () => {
    it('refuses a request signed with a wrong secret with 403 SignatureDoesNotMatch', async () => {
      const wrong = sdkClient(emulator.url, { credentials: { accessKeyId: S3_DEFAULTS.accessKeyId, secretAccessKey: 'not-the-secret' }, requestChecksumCalculation: 'WHEN_SUPPORTED' });

      const failure = await failureOf(wrong.send(new PutObjectCommand({ Bucket, Key: 'refuse/secret.txt', Body: body })));

      assert.deepEqual([failure.status, failure.code], [403, 'SignatureDoesNotMatch']);
    });

    it('refuses a request signed on a clock 20 minutes off with 403 RequestTimeTooSkewed', async () => {
      const skewed = sdkClient(emulator.url, { systemClockOffset: -20 * 60 * 1000, requestChecksumCalculation: 'WHEN_SUPPORTED' });

      const failure = await failureOf(skewed.send(new PutObjectCommand({ Bucket, Key: 'refuse/skew.txt', Body: body })));

      assert.deepEqual([failure.status, failure.code], [403, 'RequestTimeTooSkewed']);
    });

    it('refuses an expired presigned part URL with 403 AccessDenied', async () => {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'refuse/expired.bin' }));
      const url = await getSignedUrl(s3, new UploadPartCommand({ Bucket, Key: 'refuse/expired.bin', UploadId, PartNumber: 1 }), {
        expiresIn: 60,
        signingDate: new Date(Date.now() - 120_000),
      });

      const response = await fetch(url, { method: 'PUT', body });

      assert.equal(response.status, 403);
      assert.equal(await errorCode(response), 'AccessDenied');
    });
  });
});
