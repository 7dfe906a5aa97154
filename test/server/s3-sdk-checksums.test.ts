import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type ChecksumAlgorithm,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createS3Emulator, S3_DEFAULTS, type S3Emulator } from '../../server/emulators/s3.js';
import { checksumOf } from '../../server/emulators/s3/checksums.js';
import { sdkClient } from './helpers/s3-client.js';

/**
 * The AWS SDK's own requests, under its default checksum setting (WHEN_SUPPORTED: CRC32 on
 * every upload, aws-chunked with a trailer for streams) and under WHEN_REQUIRED, against the
 * emulator: what S3 accepts is accepted, and each object's stored MD5 is the file's.
 */

const MiB = 1024 * 1024;
const Bucket = S3_DEFAULTS.bucket;

/** Bytes that differ from part to part, so a part in the wrong place changes the MD5. */
function file(size: number, seed: number): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4096) data.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  return data;
}

const md5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');

/** A stream that yields the file in small pieces, as a file read would. */
const streamOf = (data: Buffer): Readable => Readable.from((function* () {
  for (let at = 0; at < data.length; at += 256 * 1024) yield data.subarray(at, at + 256 * 1024);
})());

describe('S3 emulator · the AWS SDK’s checksums and aws-chunked bodies', () => {
  let emulator: S3Emulator;
  let defaults: S3Client;
  let whenRequired: S3Client;
  /** x-amz-content-sha256 of each request the default client sent, as it went on the wire. */
  const payloadModes: string[] = [];

  before(async () => {
    emulator = await createS3Emulator();
    defaults = sdkClient(emulator.url, { requestChecksumCalculation: 'WHEN_SUPPORTED', responseChecksumValidation: 'WHEN_SUPPORTED' });
    defaults.middlewareStack.add(
      (next) => async (args) => {
        const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
        payloadModes.push(headers['x-amz-content-sha256'] ?? '');
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    whenRequired = sdkClient(emulator.url);
  });
  afterEach(async () => {
    payloadModes.length = 0;
    await emulator.reset();
  });
  after(() => emulator.close());

  const upload = (client: S3Client, Key: string, Body: Buffer | Readable, extra: { ChecksumAlgorithm?: ChecksumAlgorithm } = {}) =>
    new Upload({ client, params: { Bucket, Key, Body, ...extra }, partSize: 5 * MiB, queueSize: 2 }).done();

  for (const [setting, client] of [
    ['default checksums', () => defaults],
    ['WHEN_REQUIRED', () => whenRequired],
  ] as const) {
    for (const kind of ['Buffer', 'stream'] as const) {
      it(`lib-storage uploads a 12 MiB ${kind} in three parts under ${setting}`, async () => {
        const data = file(12 * MiB, kind === 'Buffer' ? 1 : 2);
        const result = await upload(client(), `sdk/${setting}-${kind}.bin`, kind === 'Buffer' ? data : streamOf(data));

        assert.match(result.ETag ?? '', /-3"$/);
        const stored = emulator.object(`sdk/${setting}-${kind}.bin`);
        assert.equal(stored?.md5, md5(data));
        assert.equal(stored?.size, data.length);
        if (setting === 'default checksums') {
          // lib-storage names CRC32 at Create, so S3 answers the composite CRC32 of the parts.
          const parts = [0, 1, 2].map((i) => data.subarray(i * 5 * MiB, (i + 1) * 5 * MiB));
          const raw = Buffer.concat(await Promise.all(parts.map(async (p) => Buffer.from(await checksumOf('crc32', p), 'base64'))));
          assert.equal(result.ChecksumCRC32, `${await checksumOf('crc32', raw)}-3`);
        }
      });

      it(`lib-storage sends a 1 MiB ${kind} as one PutObject under ${setting}`, async () => {
        const data = file(MiB, 3);
        await upload(client(), `sdk/small-${setting}-${kind}.bin`, kind === 'Buffer' ? data : streamOf(data));

        assert.equal(emulator.object(`sdk/small-${setting}-${kind}.bin`)?.md5, md5(data));
        assert.deepEqual(emulator.log.entries().map((e) => e.op), ['PutObject']);
      });
    }
  }

  it('accepts UploadPart with a stream body under default checksums: aws-chunked with a CRC32 trailer', async () => {
    const Key = 'sdk/stream-part.bin';
    const data = file(5 * MiB + 123, 4);
    const { UploadId } = await defaults.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const part = await defaults.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: streamOf(data), ContentLength: data.length }));

    assert.equal(payloadModes.at(-1), 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    assert.equal(part.ChecksumCRC32, await checksumOf('crc32', data));
    const listed = await defaults.send(new ListPartsCommand({ Bucket, Key, UploadId }));
    assert.equal(listed.Parts?.[0]?.ChecksumCRC32, part.ChecksumCRC32);
    await defaults.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] } }));
    assert.equal(emulator.object(Key)?.md5, md5(data));
  });

  for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
    for (const kind of ['Buffer', 'stream'] as const) {
      it(`verifies and answers a ${algorithm} checksum on PutObject with a ${kind} body`, async () => {
        const data = file(300 * 1024 + 7, 5);
        const Key = `sdk/put-${algorithm}-${kind}.bin`;
        const body = kind === 'Buffer' ? data : streamOf(data);
        const result = await defaults.send(new PutObjectCommand({ Bucket, Key, Body: body, ContentLength: data.length, ChecksumAlgorithm: algorithm }));

        assert.equal(result[`Checksum${algorithm}`], await checksumOf(algorithm.toLowerCase() as never, data));
        assert.equal(emulator.object(Key)?.md5, md5(data));
      });
    }
  }

  it('answers the full-object CRC64NVME of a FULL_OBJECT upload, whose parts may come without a checksum', async () => {
    const Key = 'sdk/full-object.bin';
    const data = file(6 * MiB, 6);
    const { UploadId, ChecksumType } = await whenRequired.send(
      new CreateMultipartUploadCommand({ Bucket, Key, ChecksumAlgorithm: 'CRC64NVME', ChecksumType: 'FULL_OBJECT' }),
    );
    assert.equal(ChecksumType, 'FULL_OBJECT');
    const first = await whenRequired.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: data.subarray(0, 5 * MiB) }));
    const second = await whenRequired.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 2, Body: data.subarray(5 * MiB) }));
    const done = await whenRequired.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: first.ETag! }, { PartNumber: 2, ETag: second.ETag! }] },
      }),
    );

    assert.equal(done.ChecksumCRC64NVME, await checksumOf('crc64nvme', data));
    assert.equal(done.ChecksumType, 'FULL_OBJECT');
    assert.equal(emulator.object(Key)?.md5, md5(data));
  });
});
