import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, afterEach, before, describe, it } from 'node:test';
import qiniu from 'qiniu';
import { createQiniuEmulator, QINIU_DEFAULTS, type QiniuEmulator } from '../../server/emulators/qiniu.js';
import { qetagOf, urlSafeBase64 } from '../../server/verify/qiniu.js';

/**
 * Qiniu multipart v2 (protocols.md 1.4) in the emulator: the qiniu Node SDK's resume uploader
 * (version v2) uploads through it, and raw requests check what the SDK never sends wrong:
 * part numbers, the hex Content-MD5, the list's paging, complete's order, sizes and etags,
 * abort, and an unknown upload id (612).
 */

const MiB = 1024 * 1024;
const Bucket = QINIU_DEFAULTS.bucket;

function file(size: number, seed: number): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1024) data.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  return data;
}

const md5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');

describe('Qiniu emulator · multipart v2', () => {
  let emulator: QiniuEmulator;
  const mac = new qiniu.auth.digest.Mac(QINIU_DEFAULTS.accessKey, QINIU_DEFAULTS.secretKey);
  const token = (scope: string, extra: Record<string, unknown> = {}): string => new qiniu.rs.PutPolicy({ scope, expires: 600, ...extra }).uploadToken(mac);

  before(async () => {
    emulator = await createQiniuEmulator();
  });
  afterEach(() => emulator.reset());
  after(() => emulator.close());

  it('takes the SDK resume uploader’s v2 upload of 9 MiB in 2 MiB parts, with x: variables', async () => {
    const host = emulator.url.replace('http://', '');
    const config = new qiniu.conf.Config({ zone: new qiniu.conf.Zone([host], [host], host, host, host, host) });
    const uploader = new qiniu.resume_up.ResumeUploader(config);
    const data = file(9 * MiB, 1);
    const extra = qiniu.resume_up.PutExtra.create('movie.mp4', { 'x:owner': 'bob' }, 'video/mp4', undefined, undefined, 2 * MiB, 'v2');
    const returnBody = '{"key":$(key),"hash":$(etag),"owner":$(x:owner),"mime":$(mimeType)}';

    const result = (await uploader.putStream(token(`${Bucket}:v2/movie.mp4`, { returnBody }), 'v2/movie.mp4', Readable.from([data]), data.length, extra)) as unknown as {
      data: unknown;
      resp: { statusCode: number };
    };

    assert.equal(result.resp.statusCode, 200);
    assert.deepEqual(result.data, { key: 'v2/movie.mp4', hash: qetagOf(data), owner: 'bob', mime: 'video/mp4' });
    assert.equal(emulator.object('v2/movie.mp4')?.md5, md5(data));
    assert.deepEqual(emulator.uploads(), []);
  });

  describe('raw requests', () => {
    const base = (key: string): string => `${emulator.url}/buckets/${Bucket}/objects/${urlSafeBase64(key)}/uploads`;
    const send = async (url: string, init: RequestInit, scopeKey: string): Promise<{ status: number; body: Record<string, unknown> }> => {
      const response = await fetch(url, { ...init, headers: { Authorization: `UpToken ${token(`${Bucket}:${scopeKey}`)}`, ...init.headers } });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const initiate = async (key: string): Promise<string> => String((await send(base(key), { method: 'POST' }, key)).body.uploadId);
    const put = (key: string, uploadId: string, partNumber: number | string, data: Buffer, contentMd5 = md5(data)) =>
      send(`${base(key)}/${uploadId}/${partNumber}`, { method: 'PUT', body: new Uint8Array(data), headers: { 'Content-Type': 'application/octet-stream', 'Content-MD5': contentMd5 } }, key);
    const complete = (key: string, uploadId: string, parts: { partNumber: number; etag: unknown }[]) =>
      send(`${base(key)}/${uploadId}`, { method: 'POST', body: JSON.stringify({ parts }), headers: { 'Content-Type': 'application/json' } }, key);

    it('refuses part numbers 0 and 10001 (400), a wrong hex Content-MD5 (406), an unknown upload id (612)', async () => {
      const uploadId = await initiate('v2/raw.bin');
      const data = Buffer.from('part');

      assert.equal((await put('v2/raw.bin', uploadId, 0, data)).status, 400);
      assert.equal((await put('v2/raw.bin', uploadId, 10_001, data)).status, 400);
      assert.equal((await put('v2/raw.bin', uploadId, 1, data, md5(Buffer.from('other')))).status, 406);
      // base64 is how OSS and S3 send it; Qiniu v2 wants hex.
      assert.equal((await put('v2/raw.bin', uploadId, 1, data, createHash('md5').update(data).digest('base64'))).status, 406);
      assert.deepEqual(await put('v2/raw.bin', 'no-such-upload', 1, data), { status: 612, body: { error: 'no such uploadId' } });
      const good = await put('v2/raw.bin', uploadId, 1, data);
      assert.equal(good.status, 200);
      assert.equal(good.body.md5, md5(data));
    });

    it('pages the part list with max-parts and part-number-marker, 0 marking the end', async () => {
      const uploadId = await initiate('v2/list.bin');
      for (const n of [1, 2, 3]) await put('v2/list.bin', uploadId, n, Buffer.from(`part ${n}`));

      const first = await send(`${base('v2/list.bin')}/${uploadId}?max-parts=2`, {}, 'v2/list.bin');
      const second = await send(`${base('v2/list.bin')}/${uploadId}?max-parts=2&part-number-marker=${String(first.body.partNumberMarker)}`, {}, 'v2/list.bin');

      assert.deepEqual((first.body.parts as { partNumber: number }[]).map((p) => p.partNumber), [1, 2]);
      assert.equal(first.body.partNumberMarker, 2);
      assert.deepEqual((second.body.parts as { partNumber: number }[]).map((p) => p.partNumber), [3]);
      assert.equal(second.body.partNumberMarker, 0);
    });

    it('completes only ascending parts with their etags, every part but the last at least 1 MiB', async () => {
      const key = 'v2/complete.bin';
      const uploadId = await initiate(key);
      const big = file(MiB, 2);
      const small = file(1000, 3);
      const one = await put(key, uploadId, 1, big);
      const two = await put(key, uploadId, 2, small);
      const three = await put(key, uploadId, 3, small);

      assert.equal((await complete(key, uploadId, [{ partNumber: 2, etag: two.body.etag }, { partNumber: 1, etag: one.body.etag }])).status, 400);
      assert.equal((await complete(key, uploadId, [{ partNumber: 1, etag: two.body.etag }])).status, 400);
      assert.equal((await complete(key, uploadId, [{ partNumber: 2, etag: two.body.etag }, { partNumber: 3, etag: three.body.etag }])).status, 400);
      const done = await complete(key, uploadId, [{ partNumber: 1, etag: one.body.etag }, { partNumber: 3, etag: three.body.etag }]);

      assert.equal(done.status, 200);
      const joined = Buffer.concat([big, small]);
      assert.deepEqual(done.body, { hash: qetagOf(joined), key });
      assert.equal(emulator.object(key)?.md5, md5(joined));
      assert.equal((await put(key, uploadId, 1, big)).status, 612);
    });

    it('aborts an upload: its parts are gone and the id answers 612', async () => {
      const uploadId = await initiate('v2/abort.bin');
      await put('v2/abort.bin', uploadId, 1, Buffer.from('x'));

      const aborted = await send(`${base('v2/abort.bin')}/${uploadId}`, { method: 'DELETE' }, 'v2/abort.bin');

      assert.equal(aborted.status, 200);
      assert.deepEqual(emulator.uploads(), []);
      assert.equal((await send(`${base('v2/abort.bin')}/${uploadId}`, {}, 'v2/abort.bin')).status, 612);
    });
  });
});
