import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, afterEach, before, describe, it } from 'node:test';
import qiniu from 'qiniu';
import { createQiniuEmulator, QINIU_DEFAULTS, type QiniuEmulator } from '../../server/emulators/qiniu.js';
import { qetagOf } from '../../server/verify/qiniu.js';

/**
 * The qiniu Node SDK's form uploader (`POST /` multipart/form-data, protocols.md 1.8) against
 * the emulator: tokens from the SDK's own PutPolicy, the CRC-32 it adds after the file, custom
 * variables, and what Qiniu refuses with its documented status codes.
 */

const MiB = 1024 * 1024;
const Bucket = QINIU_DEFAULTS.bucket;

function file(size: number, seed: number): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1024) data.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  return data;
}

const md5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');

interface Answer {
  readonly status: number;
  readonly data: Record<string, unknown>;
}

describe('Qiniu emulator · the qiniu SDK form uploader', () => {
  let emulator: QiniuEmulator;
  let uploader: qiniu.form_up.FormUploader;
  const mac = new qiniu.auth.digest.Mac(QINIU_DEFAULTS.accessKey, QINIU_DEFAULTS.secretKey);

  const token = (scope: string, extra: Record<string, unknown> = {}, signer = mac): string =>
    new qiniu.rs.PutPolicy({ scope, expires: 600, ...extra }).uploadToken(signer);

  /** The SDK answers with a wrapper holding the parsed body and the HTTP response. */
  const answer = async (upload: Promise<qiniu.form_up.UploadResult>): Promise<Answer> => {
    const result = (await upload) as unknown as { data: Record<string, unknown>; resp: { statusCode: number } };
    return { status: result.resp.statusCode, data: result.data };
  };

  before(async () => {
    emulator = await createQiniuEmulator();
    const host = emulator.url.replace('http://', '');
    // One fixed upload host: no region query to Qiniu's servers.
    const config = new qiniu.conf.Config({ zone: new qiniu.conf.Zone([host], [host], host, host, host, host) });
    uploader = new qiniu.form_up.FormUploader(config);
  });
  afterEach(() => emulator.reset());
  after(() => emulator.close());

  it('stores a buffer under its key, with the qetag as hash and the CRC-32 the SDK adds checked', async () => {
    const data = file(MiB + 17, 1);
    const extra = new qiniu.form_up.PutExtra();

    const { status, data: body } = await answer(uploader.put(token(`${Bucket}:form/one.bin`), 'form/one.bin', data, extra));

    assert.equal(status, 200);
    assert.deepEqual(body, { hash: qetagOf(data), key: 'form/one.bin' });
    assert.equal(emulator.object('form/one.bin')?.md5, md5(data));
  });

  it('stores a 5 MiB stream (two qetag blocks) and renders x: variables and fname into returnBody', async () => {
    const data = file(5 * MiB, 2);
    const extra = new qiniu.form_up.PutExtra('clip.mp4', { 'x:owner': 'alice' }, 'video/mp4');
    const policy = { returnBody: '{"key":$(key),"hash":$(etag),"size":$(fsize),"owner":$(x:owner),"name":$(fname),"mime":$(mimeType)}' };

    const { status, data: body } = await answer(uploader.putStream(token(`${Bucket}:form/two.mp4`, policy), 'form/two.mp4', Readable.from([data]), extra));

    assert.equal(status, 200);
    assert.deepEqual(body, { key: 'form/two.mp4', hash: qetagOf(data), size: data.length, owner: 'alice', name: 'clip.mp4', mime: 'video/mp4' });
    assert.equal(emulator.object('form/two.mp4')?.md5, md5(data));
  });

  it('names a file sent without a key by its hash under a bucket-only scope', async () => {
    const data = file(1000, 3);

    const { data: body } = await answer(uploader.putWithoutKey(token(Bucket), data, new qiniu.form_up.PutExtra()));

    assert.equal(body.key, qetagOf(data));
    assert.equal(emulator.object(qetagOf(data))?.md5, md5(data));
  });

  describe('refusals', () => {
    const refusal = async (upload: Promise<qiniu.form_up.UploadResult>): Promise<[number, unknown]> => {
      const { status, data } = await answer(upload).catch((error: { resp?: { statusCode: number }; data?: unknown }) => ({
        status: error.resp?.statusCode ?? 0,
        data: (error.data ?? {}) as Record<string, unknown>,
      }));
      return [status, data.error];
    };

    it('a token signed with another secret is 401 bad token, an expired one 401', async () => {
      const wrong = token(`${Bucket}:form/x.bin`, {}, new qiniu.auth.digest.Mac(QINIU_DEFAULTS.accessKey, 'not-the-secret'));
      const expired = new qiniu.rs.PutPolicy({ scope: `${Bucket}:form/x.bin`, expires: -30 }).uploadToken(mac);

      assert.deepEqual(await refusal(uploader.put(wrong, 'form/x.bin', Buffer.from('x'), null)), [401, 'bad token']);
      assert.equal((await refusal(uploader.put(expired, 'form/x.bin', Buffer.from('x'), null)))[0], 401);
    });

    it('a crc32 that does not match the file is 406 and stores nothing', async () => {
      const extra = new qiniu.form_up.PutExtra();
      extra.crc32 = '12345';

      assert.deepEqual(await refusal(uploader.put(token(`${Bucket}:form/crc.bin`), 'form/crc.bin', Buffer.from('crc'), extra)), [406, 'crc32 not match']);
      assert.equal(emulator.object('form/crc.bin'), undefined);
    });

    it('a key outside the scope is 401, an existing key under insertOnly 614, a file over fsizeLimit 413', async () => {
      const scoped = token(`${Bucket}:form/only.bin`);
      assert.equal((await refusal(uploader.put(scoped, 'form/other.bin', Buffer.from('x'), null)))[0], 401);

      const insertOnly = token(`${Bucket}:form/once.bin`, { insertOnly: 1 });
      assert.equal((await answer(uploader.put(insertOnly, 'form/once.bin', Buffer.from('a'), null))).status, 200);
      assert.deepEqual(await refusal(uploader.put(insertOnly, 'form/once.bin', Buffer.from('b'), null)), [614, 'file exists']);

      const small = token(`${Bucket}:form/big.bin`, { fsizeLimit: 10 });
      assert.equal((await refusal(uploader.put(small, 'form/big.bin', file(11, 4), null)))[0], 413);
    });
  });
});
