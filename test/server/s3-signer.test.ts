import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { createS3Emulator, S3_DEFAULTS, type S3Emulator } from '../../server/emulators/s3.js';
import { SignerError } from '../../src/server/errors.js';
import { createS3Signer, multipartEtag, type S3Signer } from '../../src/server/targets/s3.js';
import { s3SignerOptionsFromEnv } from '../../server/signer/s3-env.js';

const MiB = 1024 * 1024;

type Started = { readonly key: string; readonly uploadId: string };

function md5(body: Buffer, encoding: 'hex' | 'base64'): string {
  return createHash('md5').update(body).digest(encoding);
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SignerError, String(error));
    return { status: error.status, code: error.code };
  }
  return assert.fail('the signer answered');
}

describe('S3 signer (AWS SDK) against our emulator', () => {
  let emulator: S3Emulator;
  let signer: S3Signer;

  const start = async (key: string): Promise<Started> =>
    (await signer.handle('initiate', { file: { name: 'f.bin', size: 1, type: '' }, key })) as Started;
  const put = async (upload: Started, partNumber: number, body: Buffer): Promise<string> => {
    const signed = (await signer.handle('part', { ...upload, partNumber, contentMd5: md5(body, 'base64') })) as { url: string };
    const response = await fetch(signed.url, { method: 'PUT', body: new Uint8Array(body), headers: { 'Content-MD5': md5(body, 'base64') } });
    assert.equal(response.status, 200, await response.clone().text());
    return response.headers.get('etag')!;
  };

  before(async () => {
    emulator = await createS3Emulator();
    signer = createS3Signer({
      endpoint: emulator.url,
      region: S3_DEFAULTS.region,
      bucket: S3_DEFAULTS.bucket,
      forcePathStyle: true,
      credentials: { accessKeyId: S3_DEFAULTS.accessKeyId, secretAccessKey: S3_DEFAULTS.secretAccessKey },
      ttlSeconds: 600,
      listPageSize: 2,
    });
  });
  afterEach(() => emulator.reset());
  after(() => emulator.close());

  it('signs Content-MD5 into a part URL when the browser will send it, and only host otherwise', async () => {
    const upload = await start('signer/md5.bin');

    const withDigest = (await signer.handle('part', { ...upload, partNumber: 1, contentMd5: md5(Buffer.from('x'), 'base64') })) as { url: string };
    const without = (await signer.handle('part', { ...upload, partNumber: 1 })) as { url: string };

    assert.match(withDigest.url, /X-Amz-SignedHeaders=content-md5%3Bhost(&|$)/);
    assert.match(without.url, /X-Amz-SignedHeaders=host(&|$)/);
    assert.doesNotMatch(without.url, /x-amz-checksum|x-amz-sdk-checksum/i);
  });

  it('lists every part across ListParts pages, and null for an upload S3 no longer knows', async () => {
    const upload = await start('signer/list.bin');
    for (const n of [1, 2, 3, 4, 5]) await put(upload, n, Buffer.alloc(10, n));

    const listed = (await signer.handle('list', upload)) as { parts: { partNumber: number; etag: string; size: number }[] };
    const gone = (await signer.handle('list', { ...upload, uploadId: 'no-such-upload' })) as { parts: null };

    assert.deepEqual(listed.parts.map((p) => p.partNumber), [1, 2, 3, 4, 5]);
    assert.equal(listed.parts[0]?.etag, `"${md5(Buffer.alloc(10, 1), 'hex')}"`);
    assert.equal(emulator.log.entries({ op: 'ListParts' }).length, 4);
    assert.equal(gone.parts, null);
  });

  it('completes an upload and answers the key, the object ETag and where to read it', async () => {
    const upload = await start('signer/complete.bin');
    const a = Buffer.alloc(5 * MiB, 1);
    const b = Buffer.alloc(7, 2);
    const parts = [
      { partNumber: 1, etag: await put(upload, 1, a) },
      { partNumber: 2, etag: await put(upload, 2, b) },
    ];

    const answer = (await signer.handle('complete', { ...upload, parts })) as Record<string, string>;

    assert.equal(answer.key, upload.key);
    assert.equal(answer.etag, `"${multipartEtag(parts.map((p) => p.etag))}"`);
    assert.equal(answer.location, `${emulator.url}/${S3_DEFAULTS.bucket}/signer/complete.bin`);
    assert.equal(emulator.object(upload.key)?.md5, md5(Buffer.concat([a, b]), 'hex'));
  });

  it("relays Complete's 200-with-Error as 503 InternalError, leaving the upload to complete on a retry", async () => {
    const upload = await start('signer/late-error.bin');
    const parts = [{ partNumber: 1, etag: await put(upload, 1, Buffer.alloc(10, 1)) }];
    emulator.faults.add({ op: 'CompleteMultipartUpload', action: 'error-in-200', times: 1 });

    const first = await refusal(signer.handle('complete', { ...upload, parts }));
    const second = (await signer.handle('complete', { ...upload, parts })) as Record<string, string>;

    assert.deepEqual(first, { status: 503, code: 'InternalError' });
    assert.equal(second.key, upload.key);
    assert.equal(emulator.object(upload.key)?.md5, md5(Buffer.alloc(10, 1), 'hex'));
  });

  it('treats a 200-with-Error the SDK does not recognise (trailing newline) as a failure too', async () => {
    const upload = await start('signer/late-error-newline.bin');
    const parts = [{ partNumber: 1, etag: await put(upload, 1, Buffer.alloc(10, 1)) }];
    emulator.faults.add({
      op: 'CompleteMultipartUpload',
      action: 'error-in-200',
      times: 1,
      body: '<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>\n',
    });

    const first = await refusal(signer.handle('complete', { ...upload, parts }));

    assert.deepEqual(first, { status: 502, code: 'InternalError' });
    assert.equal(emulator.object(upload.key), undefined);
  });

  it('answers a repeated Complete whose first answer was lost with the object S3 already assembled', async () => {
    const upload = await start('signer/lost-answer.bin');
    const parts = [{ partNumber: 1, etag: await put(upload, 1, Buffer.alloc(10, 3)) }];
    const first = (await signer.handle('complete', { ...upload, parts })) as Record<string, string>;

    const repeated = (await signer.handle('complete', { ...upload, parts })) as Record<string, string>;

    assert.equal(repeated.etag, first.etag);
    assert.equal(emulator.log.entries({ op: 'HeadObject' }).length, 1);
  });

  it('relays NoSuchUpload when the object under the key was not made from these parts', async () => {
    const upload = await start('signer/other-bytes.bin');
    await signer.handle('complete', { ...upload, parts: [{ partNumber: 1, etag: await put(upload, 1, Buffer.alloc(10, 4)) }] });

    const failure = await refusal(signer.handle('complete', { ...upload, parts: [{ partNumber: 1, etag: `"${md5(Buffer.alloc(10, 5), 'hex')}"` }] }));

    assert.deepEqual(failure, { status: 404, code: 'NoSuchUpload' });
  });

  it('aborts, and relays a second abort as 404 NoSuchUpload', async () => {
    const upload = await start('signer/abort.bin');
    await put(upload, 1, Buffer.alloc(10, 1));

    await signer.handle('abort', upload);
    const again = await refusal(signer.handle('abort', upload));

    assert.deepEqual(emulator.uploads(), []);
    assert.deepEqual(again, { status: 404, code: 'NoSuchUpload' });
  });

  it('refuses part numbers outside 1..10000 and a contentMd5 that is not an MD5', async () => {
    const upload = await start('signer/refuse.bin');

    const zero = await refusal(signer.handle('part', { ...upload, partNumber: 0 }));
    const digest = await refusal(signer.handle('part', { ...upload, partNumber: 1, contentMd5: 'abc' }));

    assert.deepEqual(zero, { status: 400, code: 'InvalidArgument' });
    assert.deepEqual(digest, { status: 400, code: 'InvalidDigest' });
  });
});

describe('S3 signer settings from the environment', () => {
  it('reads a real bucket, endpoint, path style and URL lifetime', () => {
    const options = s3SignerOptionsFromEnv({
      CHUNK_UPLOADER_S3_BUCKET: 'uploads',
      CHUNK_UPLOADER_S3_REGION: 'auto',
      CHUNK_UPLOADER_S3_ENDPOINT: 'https://acct.r2.cloudflarestorage.com/',
      CHUNK_UPLOADER_S3_FORCE_PATH_STYLE: 'true',
      CHUNK_UPLOADER_S3_URL_TTL: '3600',
    });

    assert.deepEqual(options, {
      bucket: 'uploads',
      region: 'auto',
      endpoint: 'https://acct.r2.cloudflarestorage.com',
      forcePathStyle: true,
      ttlSeconds: 3600,
    });
  });

  it('falls back to AWS_REGION and 900 s, and is off without a bucket', () => {
    assert.deepEqual(s3SignerOptionsFromEnv({ CHUNK_UPLOADER_S3_BUCKET: 'b', AWS_REGION: 'eu-west-3' }), {
      bucket: 'b',
      region: 'eu-west-3',
      forcePathStyle: false,
      ttlSeconds: 900,
    });
    assert.equal(s3SignerOptionsFromEnv({ AWS_REGION: 'eu-west-3' }), undefined);
  });

  it('names the variable whose value is unusable', () => {
    assert.throws(() => s3SignerOptionsFromEnv({ CHUNK_UPLOADER_S3_BUCKET: 'b', CHUNK_UPLOADER_S3_URL_TTL: '0' }), /CHUNK_UPLOADER_S3_URL_TTL/);
    assert.throws(() => s3SignerOptionsFromEnv({ CHUNK_UPLOADER_S3_BUCKET: 'b', CHUNK_UPLOADER_S3_ENDPOINT: 'minio:9000' }), /CHUNK_UPLOADER_S3_ENDPOINT/);
    assert.throws(() => s3SignerOptionsFromEnv({ CHUNK_UPLOADER_S3_BUCKET: 'b', CHUNK_UPLOADER_S3_FORCE_PATH_STYLE: 'yes' }), /FORCE_PATH_STYLE/);
  });
});
