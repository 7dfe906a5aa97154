/**
 * The qiniu Node SDK's resume uploader in its v1 mode (mkblk of whole 4 MiB blocks, then mkfile)
 * against the Qiniu emulator: protocols.md 1.2 and 1.3 (mkblk/mkfile, the qetag as `hash`, the
 * v1 status table) and 1.1 (UpToken). The happy path stores a three-block file, the object's MD5
 * and qetag checked. Refusals as the v1 status table names them: a token signed with the wrong
 * secret (401 bad token), an expired token (401). The SDK never sends a CRC-32 in v1 (mkblk has
 * no parameter for it); it checks the one the server answers, so the chunk-CRC case here is a
 * block the emulator stores with a flipped byte (the `corrupt` fault): the SDK must stop at that
 * block and never call mkfile.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, afterEach, before, describe, it } from 'node:test';
import qiniu from 'qiniu';
import { createQiniuEmulator, QINIU_DEFAULTS, type QiniuEmulator } from '../../server/emulators/qiniu.js';
import { qetagOf } from '../../server/verify/qiniu.js';

const MiB = 1024 * 1024;
const Bucket = QINIU_DEFAULTS.bucket;

function file(size: number, seed: number): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1024) data.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  return data;
}

const md5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');

interface UploadAnswer {
  readonly status: number;
  readonly data: Record<string, unknown>;
}

describe('Qiniu emulator · the qiniu SDK resume uploader, v1', () => {
  let emulator: QiniuEmulator;
  let uploader: qiniu.resume_up.ResumeUploader;
  const mac = new qiniu.auth.digest.Mac(QINIU_DEFAULTS.accessKey, QINIU_DEFAULTS.secretKey);

  const token = (scope: string, extra: Record<string, unknown> = {}, signer = mac): string =>
    new qiniu.rs.PutPolicy({ scope, expires: 600, ...extra }).uploadToken(signer);

  /** putStream with version v1; the SDK resolves with its parsed body and the HTTP response, also for a refusal. */
  const upload = async (uploadToken: string, key: string, data: Buffer, extra: qiniu.resume_up.PutExtra = v1Extra()): Promise<UploadAnswer> => {
    const result = await uploader.putStream(uploadToken, key, Readable.from([data]), data.length, extra).catch((error: { resp?: { statusCode: number }; data?: unknown }) => ({
      resp: { statusCode: error.resp?.statusCode ?? 0 },
      data: error.data ?? {},
    }));
    const { resp, data: body } = result as unknown as { resp: { statusCode: number }; data: Record<string, unknown> };
    return { status: resp.statusCode, data: body };
  };

  function v1Extra(params: Record<string, string> = {}, mimeType?: string): qiniu.resume_up.PutExtra {
    // create() with the version given: the bare constructor is deprecated (and defaults to v1 silently).
    return qiniu.resume_up.PutExtra.create(undefined, params, mimeType, undefined, undefined, undefined, 'v1');
  }

  const opsFor = (key: string): string[] => emulator.log.entries({ keyPrefix: key }).map((entry) => entry.op);

  before(async () => {
    emulator = await createQiniuEmulator();
    const host = emulator.url.replace('http://', '');
    // One fixed upload host: no region query to Qiniu's servers.
    const config = new qiniu.conf.Config({ zone: new qiniu.conf.Zone([host], [host], host, host, host, host) });
    uploader = new qiniu.resume_up.ResumeUploader(config);
  });
  afterEach(() => emulator.reset());
  after(() => emulator.close());

  it('stores 9 MiB as three mkblk blocks and one mkfile: hash = qetag, MD5 ok, x: variables and mime in returnBody', async () => {
    const key = 'v1sdk/movie.mp4';
    const data = file(9 * MiB + 123, 1);
    const returnBody = '{"key":$(key),"hash":$(etag),"size":$(fsize),"owner":$(x:owner),"mime":$(mimeType)}';

    const answer = await upload(token(`${Bucket}:${key}`, { returnBody }), key, data, v1Extra({ 'x:owner': 'carol' }, 'video/mp4'));

    assert.equal(answer.status, 200);
    assert.deepEqual(answer.data, { key, hash: qetagOf(data), size: data.length, owner: 'carol', mime: 'video/mp4' });
    assert.equal(emulator.object(key)?.md5, md5(data));
    assert.deepEqual(opsFor(key), ['mkblk', 'mkblk', 'mkblk', 'mkfile']);
  });

  it('stores a file of exactly one block with one mkblk and mkfile', async () => {
    const key = 'v1sdk/one-block.bin';
    const data = file(4 * MiB, 2);

    const answer = await upload(token(`${Bucket}:${key}`), key, data);

    assert.deepEqual(answer, { status: 200, data: { hash: qetagOf(data), key } });
    assert.equal(emulator.object(key)?.md5, md5(data));
    assert.deepEqual(opsFor(key), ['mkblk', 'mkfile']);
  });

  it('is refused with 401 bad token at the first mkblk when the token is signed with the wrong secret', async () => {
    const key = 'v1sdk/wrong-secret.bin';
    const wrongMac = new qiniu.auth.digest.Mac(QINIU_DEFAULTS.accessKey, 'not-the-secret');

    const answer = await upload(token(`${Bucket}:${key}`, {}, wrongMac), key, file(5 * MiB, 3));

    assert.deepEqual(answer, { status: 401, data: { error: 'bad token' } });
    assert.equal(emulator.object(key), undefined);
    assert.deepEqual(opsFor(key), ['mkblk']);
  });

  it('is refused with 401 for an expired token, and nothing is stored', async () => {
    const key = 'v1sdk/expired.bin';
    const expired = new qiniu.rs.PutPolicy({ scope: `${Bucket}:${key}`, expires: -30 }).uploadToken(mac);

    const answer = await upload(expired, key, file(5 * MiB, 4));

    assert.equal(answer.status, 401);
    assert.equal(typeof answer.data.error, 'string');
    assert.equal(emulator.object(key), undefined);
  });

  it('stops at a block whose answered CRC-32 is not the one it computed, and never calls mkfile', async () => {
    const key = 'v1sdk/corrupt.bin';
    emulator.faults.add({ op: 'mkblk', key, action: 'corrupt', nth: [2] });

    const answer = await upload(token(`${Bucket}:${key}`), key, file(9 * MiB, 5));

    assert.equal(emulator.object(key), undefined);
    assert.deepEqual(opsFor(key), ['mkblk', 'mkblk']);
    // The SDK hands over the mkblk answer it refused, status 200 and all: a caller must look for
    // `hash`, not only at the status, to know the file was stored.
    assert.equal(answer.status, 200);
    assert.equal(typeof answer.data.crc32, 'number');
    assert.equal(answer.data.hash, undefined);
  });
});
