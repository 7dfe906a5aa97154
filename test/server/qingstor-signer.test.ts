import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createQingStorEmulator, QINGSTOR_DEFAULTS, type QingStorEmulator } from '../../server/emulators/qingstor.js';
import { SignerError } from '../../src/server/errors.js';
import { createQingStorSigner } from '../../src/server/targets/qingstor.js';
import { qingstorSignerOptionsFromEnv } from '../../server/signer/qingstor-env.js';
import type { StorageHandler as ProviderSigner } from '../../src/server/targets/storage-handler.js';

const MiB = 1024 * 1024;
const FILE = { name: 'movie.bin', size: 10, type: 'video/mp4', lastModified: 0 };

function md5(body: Buffer, encoding: 'hex' | 'base64'): string {
  return createHash('md5').update(body).digest(encoding);
}

async function rejection(promise: Promise<unknown>): Promise<SignerError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof SignerError, `expected a SignerError, got ${String(error)}`);
  return error;
}

/** The reference signer drives the official qingstor-sdk against the emulator, which checks every signature itself. */
describe('QingStor signer (qingstor-sdk) against the emulator', () => {
  let emulator: QingStorEmulator;
  let signer: ProviderSigner;
  let paged: ProviderSigner;
  let ttlSeconds = 900;

  const signerFor = (listPageSize?: number): ProviderSigner =>
    createQingStorSigner({
      endpoint: emulator.url,
      bucket: QINGSTOR_DEFAULTS.bucket,
      accessKeyId: QINGSTOR_DEFAULTS.accessKeyId,
      secretAccessKey: QINGSTOR_DEFAULTS.secretAccessKey,
      ttlSeconds: () => ttlSeconds,
      publicUrl: emulator.url,
      ...(listPageSize === undefined ? {} : { listPageSize }),
    });

  const initiate = async (key: string, via: ProviderSigner = signer): Promise<string> =>
    ((await via.handle('initiate', { file: FILE, key })) as { uploadId: string }).uploadId;

  const put = async (key: string, uploadId: string, partNumber: number, body: Buffer): Promise<Response> => {
    const { url } = (await signer.handle('part', { key, uploadId, partNumber, contentMd5: md5(body, 'base64') })) as { url: string };
    return fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { 'Content-MD5': md5(body, 'base64') } });
  };

  before(async () => {
    emulator = await createQingStorEmulator();
    signer = signerFor();
    paged = signerFor(1);
  });
  after(() => emulator.close());

  it('initiates with a header signature our verifier accepts, keeping the file type for the object', async () => {
    const uploadId = await initiate('signer/initiate.bin');

    assert.match(uploadId, /^[0-9a-f]{32}$/);
    assert.deepEqual(emulator.uploads().find((u) => u.uploadId === uploadId)?.parts, []);
  });

  it('presigns part 0 (passed to the SDK as a string) with the Content-MD5 the browser will send', async () => {
    const key = 'signer/part.bin';
    const uploadId = await initiate(key);
    const body = Buffer.alloc(1000, 1);

    const signed = (await signer.handle('part', { key, uploadId, partNumber: 0, contentMd5: md5(body, 'base64') })) as { url: string; expiresAt: number };
    const response = await fetch(signed.url, { method: 'PUT', body: new Uint8Array(body), headers: { 'Content-MD5': md5(body, 'base64') } });

    assert.match(signed.url, /[?&]part_number=0&/);
    assert.ok(Math.abs(signed.expiresAt - (Date.now() + 900_000)) < 5000, 'expiresAt is now + ttlSeconds');
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('etag'), `"${md5(body, 'hex')}"`);
  });

  it('issues part URLs with the ttlSeconds set at run time', async () => {
    const key = 'signer/ttl.bin';
    const uploadId = await initiate(key);
    ttlSeconds = 1;

    const signed = (await signer.handle('part', { key, uploadId, partNumber: 1 })) as { expiresAt: number };
    ttlSeconds = 900;

    assert.ok(signed.expiresAt - Date.now() <= 1000, 'expires within a second');
  });

  it('lists every part across pages, part 0 included, and answers null for an unknown upload', async () => {
    const key = 'signer/list.bin';
    const uploadId = await initiate(key);
    await put(key, uploadId, 0, Buffer.alloc(10, 0));
    await put(key, uploadId, 1, Buffer.alloc(11, 1));
    await put(key, uploadId, 2, Buffer.alloc(12, 2));

    const listed = (await paged.handle('list', { key, uploadId })) as { parts: { partNumber: number; size: number; etag: string }[] };
    const unknown = await signer.handle('list', { key, uploadId: 'ffffffffffffffffffffffffffffffff' });

    assert.deepEqual(listed.parts.map((p) => [p.partNumber, p.size]), [[0, 10], [1, 11], [2, 12]]);
    assert.equal(listed.parts[0]?.etag, `"${md5(Buffer.alloc(10, 0), 'hex')}"`);
    assert.deepEqual(unknown, { parts: null });
  });

  it('completes with the parts sorted and the whole-file MD5 as the object ETag, which HEAD returns', async () => {
    const key = 'signer/complete.bin';
    const uploadId = await initiate(key);
    const a = Buffer.alloc(4 * MiB, 3);
    const b = Buffer.alloc(77, 4);
    await put(key, uploadId, 0, a);
    await put(key, uploadId, 1, b);
    const fileMd5 = md5(Buffer.concat([a, b]), 'hex');

    const answer = await signer.handle('complete', {
      key,
      uploadId,
      parts: [{ partNumber: 1, etag: '' }, { partNumber: 0, etag: `"${md5(a, 'hex')}"` }],
      fileMd5,
    });
    const head = await fetch(`${emulator.url}/${QINGSTOR_DEFAULTS.bucket}/${key}`, { method: 'HEAD' });

    assert.deepEqual(answer, { key, bucket: QINGSTOR_DEFAULTS.bucket, location: `${emulator.url}/${QINGSTOR_DEFAULTS.bucket}/signer/complete.bin`, etag: `"${fileMd5}"` });
    assert.equal(head.headers.get('etag'), `"${fileMd5}"`);
    assert.equal(head.headers.get('content-type'), 'video/mp4');
    assert.equal(emulator.object(key)?.md5, fileMd5);
  });

  it('relays entity_too_small from Complete with the storage status and code', async () => {
    const key = 'signer/small.bin';
    const uploadId = await initiate(key);
    await put(key, uploadId, 0, Buffer.alloc(10, 1));
    await put(key, uploadId, 1, Buffer.alloc(10, 2));

    const error = await rejection(signer.handle('complete', { key, uploadId, parts: [{ partNumber: 0, etag: '' }, { partNumber: 1, etag: '' }] }));

    assert.equal(error.status, 400);
    assert.equal(error.code, 'entity_too_small');
  });

  it('aborts, and relays upload_not_exists (404) for an upload that is gone', async () => {
    const key = 'signer/abort.bin';
    const uploadId = await initiate(key);

    await signer.handle('abort', { key, uploadId });
    const again = await rejection(signer.handle('abort', { key, uploadId }));

    assert.equal(emulator.uploads().some((u) => u.uploadId === uploadId), false);
    assert.equal(again.status, 404);
    assert.equal(again.code, 'upload_not_exists');
  });

  it('relays request_expired (403) when the storage clock is more than 15 minutes off', async () => {
    emulator.configure({ clockOffsetMs: 20 * 60 * 1000 });

    const error = await rejection(signer.handle('initiate', { file: FILE, key: 'signer/skew.bin' }));
    emulator.configure({ clockOffsetMs: 0 });

    assert.equal(error.status, 403);
    assert.equal(error.code, 'request_expired');
  });

  it('is refused with 401 signature_not_matched, on header and query signatures alike, when it holds the wrong secret', async () => {
    const key = 'signer/wrong-secret.bin';
    const uploadId = await initiate(key);
    const wrong = createQingStorSigner({
      endpoint: emulator.url,
      bucket: QINGSTOR_DEFAULTS.bucket,
      accessKeyId: QINGSTOR_DEFAULTS.accessKeyId,
      secretAccessKey: 'not-the-secret',
      ttlSeconds: 900,
      publicUrl: emulator.url,
    });

    const header = await rejection(wrong.handle('initiate', { file: FILE, key }));
    const { url } = (await wrong.handle('part', { key, uploadId, partNumber: 0 })) as { url: string };
    const query = await fetch(url, { method: 'PUT', body: new Uint8Array(1) });

    assert.equal(header.status, 401);
    assert.equal(header.code, 'signature_not_matched');
    assert.equal(query.status, 401);
  });

  it('refuses a contentMd5 that is not a base64 MD5 before signing anything', async () => {
    const error = await rejection(signer.handle('part', { key: 'signer/x.bin', uploadId: 'abc', partNumber: 0, contentMd5: 'abc\r\nx: y' }));

    assert.equal(error.status, 400);
  });
});

describe('QingStor signer settings from the environment', () => {
  const base = {
    CHUNK_UPLOADER_QINGSTOR_BUCKET: 'my-bucket',
    CHUNK_UPLOADER_QINGSTOR_ZONE: 'pek3b',
    QINGSTOR_ACCESS_KEY_ID: 'AK',
    QINGSTOR_SECRET_ACCESS_KEY: 'SK',
  };

  it('reads a real bucket with the public endpoint, its zone and a 900 s URL lifetime by default', () => {
    assert.deepEqual(qingstorSignerOptionsFromEnv(base), {
      endpoint: 'https://qingstor.com',
      zone: 'pek3b',
      bucket: 'my-bucket',
      accessKeyId: 'AK',
      secretAccessKey: 'SK',
      ttlSeconds: 900,
      publicUrl: 'https://pek3b.qingstor.com',
    });
  });

  it('takes another base domain and lifetime, and is off without a bucket', () => {
    const options = qingstorSignerOptionsFromEnv({ ...base, CHUNK_UPLOADER_QINGSTOR_ENDPOINT: 'https://qsstor.com/', CHUNK_UPLOADER_QINGSTOR_URL_TTL: '60' });

    assert.equal(options?.endpoint, 'https://qsstor.com');
    assert.equal(options?.publicUrl, 'https://pek3b.qsstor.com');
    assert.equal(options?.ttlSeconds, 60);
    assert.equal(qingstorSignerOptionsFromEnv({ QINGSTOR_ACCESS_KEY_ID: 'AK' }), undefined);
  });

  it('names the variable that is missing or unusable', () => {
    assert.throws(() => qingstorSignerOptionsFromEnv({ ...base, CHUNK_UPLOADER_QINGSTOR_ZONE: '' }), /CHUNK_UPLOADER_QINGSTOR_ZONE/);
    assert.throws(() => qingstorSignerOptionsFromEnv({ ...base, QINGSTOR_SECRET_ACCESS_KEY: undefined }), /QINGSTOR_SECRET_ACCESS_KEY/);
    assert.throws(() => qingstorSignerOptionsFromEnv({ ...base, CHUNK_UPLOADER_QINGSTOR_URL_TTL: '0' }), /CHUNK_UPLOADER_QINGSTOR_URL_TTL/);
    assert.throws(() => qingstorSignerOptionsFromEnv({ ...base, CHUNK_UPLOADER_QINGSTOR_ENDPOINT: 'qingstor.com' }), /CHUNK_UPLOADER_QINGSTOR_ENDPOINT/);
  });
});
