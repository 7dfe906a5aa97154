/**
 * The official `qingstor-sdk` (3.1.4) driven directly, without our signer in between, against the
 * QingStor emulator: protocols.md 3.1 (operations, limits, error table) and 3.2 (header and query
 * signatures). The happy path initiates, uploads parts, lists them and completes; the stored
 * object's MD5 is checked. The negative cases get the status and code the error table in 3.1
 * names: a wrong secret, an expired signature, a part number out of range, a small non-last part,
 * parts out of order at Complete and a wrong Content-MD5.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import qingstorSdk, { type Bucket, type QingStorResponse } from 'qingstor-sdk';
// The browser Config: the Node one reads and writes ~/.qingstor/config.yaml (see src/server/targets/qingstor.ts).
import Config from 'qingstor-sdk/lib/config/browser.js';
import { createQingStorEmulator, QINGSTOR_DEFAULTS, type QingStorEmulator } from '../../server/emulators/qingstor.js';

const MiB = 1024 * 1024;

function md5(body: Buffer, encoding: 'hex' | 'base64'): string {
  return createHash('md5').update(body).digest(encoding);
}

/** A bucket handle of the SDK, configured as in src/server/targets/qingstor.ts: path style, no proxy, the URL's Host. */
function sdkBucket(endpoint: string, secretAccessKey: string = QINGSTOR_DEFAULTS.secretAccessKey): Bucket {
  const config = new Config({
    access_key_id: QINGSTOR_DEFAULTS.accessKeyId,
    secret_access_key: secretAccessKey,
    endpoint,
    enable_virtual_host_style: false,
    log_level: 'error',
  });
  config.getAxiosConfig = (operation) => {
    // With no zone the SDK would send `Host: undefined.<host>`.
    delete operation.headers.host;
    return { timeout: 30_000, proxy: false };
  };
  return new qingstorSdk.QingStor(config).Bucket(QINGSTOR_DEFAULTS.bucket);
}

interface StorageRefusal {
  readonly status: number | undefined;
  readonly code: string | undefined;
}

/** The status and QingStor error code of a refused SDK call (axios hands the JSON body over parsed, or as text). */
async function refusal(promise: Promise<unknown>): Promise<StorageRefusal> {
  const thrown: unknown = await promise.then(
    () => assert.fail('expected the storage to refuse'),
    (error: unknown) => error,
  );
  const response = (thrown as { response?: { status?: number; data?: unknown } }).response;
  assert.ok(response !== undefined, `expected an HTTP refusal, got ${String(thrown)}`);
  const data = typeof response.data === 'string' ? (JSON.parse(response.data) as unknown) : response.data;
  const code = (data as { code?: unknown } | undefined)?.code;
  return { status: response.status, code: typeof code === 'string' ? code : undefined };
}

describe('qingstor-sdk 3.1.4 against the QingStor emulator', () => {
  let emulator: QingStorEmulator;
  let bucket: Bucket;

  const initiate = async (key: string): Promise<string> => {
    const { data } = await bucket.initiateMultipartUpload(key, { 'Content-Type': 'application/octet-stream' });
    assert.equal(typeof data.upload_id, 'string');
    return data.upload_id as string;
  };

  /** protocols.md 3.2: part_number as a string, since the SDK drops a numeric 0. */
  const uploadPart = (key: string, uploadId: string, partNumber: number, body: Buffer, contentMd5: string = md5(body, 'base64'), via: Bucket = bucket): Promise<QingStorResponse> =>
    via.uploadMultipartRequest(key, { upload_id: uploadId, part_number: String(partNumber), 'Content-MD5': contentMd5, body }).send();

  const complete = (key: string, uploadId: string, partNumbers: readonly number[]): Promise<QingStorResponse> =>
    bucket.completeMultipartUploadRequest(key, { upload_id: uploadId, object_parts: partNumbers.map((n) => ({ part_number: n })) }).send();

  before(async () => {
    emulator = await createQingStorEmulator();
    bucket = sdkBucket(emulator.url);
  });
  afterEach(() => emulator.configure({ clockOffsetMs: 0 }));
  after(() => emulator.close());

  it('initiates, uploads three parts, lists them with their etags and completes; the stored MD5 is the file MD5', async () => {
    const key = 'sdk/happy.bin';
    const parts = [Buffer.alloc(4 * MiB, 1), Buffer.alloc(4 * MiB, 2), Buffer.alloc(123_457, 3)];
    const uploadId = await initiate(key);

    const answers = await Promise.all(parts.map((body, n) => uploadPart(key, uploadId, n, body)));
    const { data: listed } = await bucket.listMultipart(key, { upload_id: uploadId });
    const completed = await complete(key, uploadId, [0, 1, 2]);

    assert.deepEqual(answers.map((a) => a.status), [201, 201, 201]);
    assert.deepEqual(answers.map((a) => a.headers.etag), parts.map((p) => `"${md5(p, 'hex')}"`));
    const objectParts = listed.object_parts as { part_number: number; size: number; etag: string }[];
    assert.deepEqual(objectParts.map((p) => [p.part_number, p.size, p.etag]), parts.map((p, n) => [n, p.length, `"${md5(p, 'hex')}"`]));
    assert.equal(completed.status, 201);
    assert.equal(emulator.object(key)?.md5, md5(Buffer.concat(parts), 'hex'));
    assert.equal(emulator.uploads().some((u) => u.uploadId === uploadId), false);
  });

  it('is refused with 401 signature_not_matched when it signs with the wrong secret', async () => {
    const wrong = sdkBucket(emulator.url, 'not-the-secret');

    const initiateRefusal = await refusal(wrong.initiateMultipartUpload('sdk/wrong-secret.bin', {}));
    const partRefusal = await refusal(uploadPart('sdk/wrong-secret.bin', await initiate('sdk/wrong-secret.bin'), 0, Buffer.alloc(10, 1), undefined, wrong));

    assert.deepEqual(initiateRefusal, { status: 401, code: 'signature_not_matched' });
    assert.deepEqual(partRefusal, { status: 401, code: 'signature_not_matched' });
  });

  it('is refused with 403 request_expired for an x-qs-date more than 15 minutes off and for a query signature past its expires', async () => {
    const key = 'sdk/expired.bin';
    const uploadId = await initiate(key);
    const body = Buffer.alloc(10, 1);
    const expiredPart = bucket.uploadMultipartRequest(key, { upload_id: uploadId, part_number: '0', 'Content-MD5': md5(body, 'base64') });
    // The SDK's signQuery sets expires = now + TTL, so a negative TTL is a URL that has already expired.
    await expiredPart.signQuery(-60);
    const queryAnswer = await fetch(expiredPart.operation.uri, { method: 'PUT', body: new Uint8Array(body), headers: { 'Content-MD5': md5(body, 'base64') } });

    emulator.configure({ clockOffsetMs: 20 * 60 * 1000 });
    const headerRefusal = await refusal(bucket.listMultipart(key, { upload_id: uploadId }));

    assert.deepEqual(headerRefusal, { status: 403, code: 'request_expired' });
    assert.equal(queryAnswer.status, 403);
    assert.equal(((await queryAnswer.json()) as { code?: string }).code, 'request_expired');
  });

  it('is refused with 400 invalid_argument for part number 10001 (protocols.md 3.1: 0..10000)', async () => {
    const key = 'sdk/part-range.bin';
    const uploadId = await initiate(key);

    const accepted = await uploadPart(key, uploadId, 10_000, Buffer.alloc(10, 1));
    const refused = await refusal(uploadPart(key, uploadId, 10_001, Buffer.alloc(10, 1)));

    assert.equal(accepted.status, 201);
    assert.deepEqual(refused, { status: 400, code: 'invalid_argument' });
  });

  it('is refused with 400 entity_too_small at Complete when a part but the last is under 4 MiB', async () => {
    const key = 'sdk/small.bin';
    const uploadId = await initiate(key);
    await uploadPart(key, uploadId, 0, Buffer.alloc(4 * MiB - 1, 1));
    await uploadPart(key, uploadId, 1, Buffer.alloc(10, 2));

    const refused = await refusal(complete(key, uploadId, [0, 1]));

    assert.deepEqual(refused, { status: 400, code: 'entity_too_small' });
    assert.equal(emulator.object(key), undefined);
  });

  it('is refused with 400 invalid_request at Complete when object_parts is not ascending', async () => {
    const key = 'sdk/order.bin';
    const uploadId = await initiate(key);
    await uploadPart(key, uploadId, 0, Buffer.alloc(4 * MiB, 1));
    await uploadPart(key, uploadId, 1, Buffer.alloc(10, 2));

    const refused = await refusal(complete(key, uploadId, [1, 0]));

    assert.deepEqual(refused, { status: 400, code: 'invalid_request' });
    assert.equal(emulator.object(key), undefined);
  });

  it('is refused with 400 bad_digest for a Content-MD5 that is not the body’s, and nothing is stored for that part', async () => {
    const key = 'sdk/md5.bin';
    const uploadId = await initiate(key);

    const refused = await refusal(uploadPart(key, uploadId, 0, Buffer.alloc(10, 1), md5(Buffer.alloc(10, 2), 'base64')));
    const { data: listed } = await bucket.listMultipart(key, { upload_id: uploadId });

    assert.deepEqual(refused, { status: 400, code: 'bad_digest' });
    assert.deepEqual(listed.object_parts, []);
  });
});
