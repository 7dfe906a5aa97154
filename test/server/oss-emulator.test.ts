import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createOssEmulator, type OssEmulator } from '../../server/emulators/oss.js';
import { errorCode, rawOss, type RawOss } from './helpers/oss-client.js';

const KiB = 1024;

function bytes(size: number, fill: number): Buffer {
  return Buffer.alloc(size, fill);
}

function md5Base64(body: Buffer): string {
  return createHash('md5').update(body).digest('base64');
}

describe('OSS emulator strictness', () => {
  let emulator: OssEmulator;
  let oss: RawOss;

  before(async () => {
    emulator = await createOssEmulator();
    oss = rawOss(emulator.url);
  });
  after(() => emulator.close());

  it('rejects a tampered signature with 403 SignatureDoesNotMatch', async () => {
    const url = oss.presign('POST', 'strict/sig.bin', { uploads: null }).replace(/Signature=[^&]+/, 'Signature=AAAAAAAAAAAAAAAAAAAAAAAAAAA%3D');

    const response = await fetch(url, { method: 'POST' });

    assert.equal(response.status, 403);
    assert.equal(await errorCode(response), 'SignatureDoesNotMatch');
  });

  it('rejects an expired presigned URL with 403 AccessDenied "Request has expired."', async () => {
    const uploadId = await oss.initiate('strict/expired.bin');

    const response = await oss.putPart('strict/expired.bin', uploadId, 1, bytes(10, 1), { expires: Math.floor(Date.now() / 1000) - 5 });

    assert.equal(response.status, 403);
    const text = await response.text();
    assert.match(text, /<Code>AccessDenied<\/Code>/);
    assert.match(text, /Request has expired/);
  });

  it('rejects part numbers 0 and 10001 with 400 InvalidArgument', async () => {
    const uploadId = await oss.initiate('strict/numbers.bin');

    const zero = await oss.putPart('strict/numbers.bin', uploadId, 0, bytes(10, 1));
    const over = await oss.putPart('strict/numbers.bin', uploadId, 10001, bytes(10, 1));

    assert.equal(zero.status, 400);
    assert.equal(await errorCode(zero), 'InvalidArgument');
    assert.equal(over.status, 400);
    assert.equal(await errorCode(over), 'InvalidArgument');
  });

  it('rejects a Content-MD5 that does not match the body with 400 InvalidDigest', async () => {
    const uploadId = await oss.initiate('strict/digest.bin');
    const wrong = md5Base64(bytes(10, 2));

    const response = await oss.putPart('strict/digest.bin', uploadId, 1, bytes(10, 1), {
      contentMd5: wrong,
      headers: { 'Content-MD5': wrong },
    });

    assert.equal(response.status, 400);
    assert.equal(await errorCode(response), 'InvalidDigest');
    assert.deepEqual(emulator.uploads().find((u) => u.uploadId === uploadId)?.parts, []);
  });

  it('returns the part MD5 as the ETag and accepts a matching Content-MD5', async () => {
    const uploadId = await oss.initiate('strict/etag.bin');
    const body = bytes(200 * KiB, 3);

    const response = await oss.putPart('strict/etag.bin', uploadId, 1, body, { contentMd5: md5Base64(body), headers: { 'Content-MD5': md5Base64(body) } });

    assert.equal(response.status, 200);
    assert.equal(response.headers.get('etag'), `"${createHash('md5').update(body).digest('hex').toUpperCase()}"`);
  });

  it('rejects a non-last part under 100 KB at Complete with 400 EntityTooSmall', async () => {
    const key = 'strict/small.bin';
    const uploadId = await oss.initiate(key);
    const first = await oss.putPart(key, uploadId, 1, bytes(50 * KiB, 1));
    const second = await oss.putPart(key, uploadId, 2, bytes(10, 2));

    const response = await oss.complete(key, uploadId, [
      { partNumber: 1, etag: first.headers.get('etag')! },
      { partNumber: 2, etag: second.headers.get('etag')! },
    ]);

    assert.equal(response.status, 400);
    assert.equal(await errorCode(response), 'EntityTooSmall');
  });

  it('rejects a wrong ETag at Complete with 400 InvalidPart', async () => {
    const key = 'strict/wrong-etag.bin';
    const uploadId = await oss.initiate(key);
    await oss.putPart(key, uploadId, 1, bytes(10, 1));

    const response = await oss.complete(key, uploadId, [{ partNumber: 1, etag: '"00000000000000000000000000000000"' }]);

    assert.equal(response.status, 400);
    assert.equal(await errorCode(response), 'InvalidPart');
  });

  it('rejects parts out of order at Complete with 400 InvalidPartOrder', async () => {
    const key = 'strict/order.bin';
    const uploadId = await oss.initiate(key);
    const first = await oss.putPart(key, uploadId, 1, bytes(100 * KiB, 1));
    const second = await oss.putPart(key, uploadId, 2, bytes(10, 2));

    const response = await oss.complete(key, uploadId, [
      { partNumber: 2, etag: second.headers.get('etag')! },
      { partNumber: 1, etag: first.headers.get('etag')! },
    ]);

    assert.equal(response.status, 400);
    assert.equal(await errorCode(response), 'InvalidPartOrder');
  });

  it('pages ListParts with max-parts and part-number-marker', async () => {
    const key = 'strict/list.bin';
    const uploadId = await oss.initiate(key);
    for (const n of [1, 2, 3]) await oss.putPart(key, uploadId, n, bytes(10, n));

    const first = await (await fetch(oss.presign('GET', key, { uploadId, 'max-parts': '2' }))).text();
    const rest = await (await fetch(oss.presign('GET', key, { uploadId, 'max-parts': '2', 'part-number-marker': '2' }))).text();

    assert.match(first, /<IsTruncated>true<\/IsTruncated>/);
    assert.match(first, /<NextPartNumberMarker>2<\/NextPartNumberMarker>/);
    assert.deepEqual([...first.matchAll(/<PartNumber>(\d+)</g)].map((m) => m[1]), ['1', '2']);
    assert.match(rest, /<IsTruncated>false<\/IsTruncated>/);
    assert.deepEqual([...rest.matchAll(/<PartNumber>(\d+)</g)].map((m) => m[1]), ['3']);
  });

  it('completes an upload whose object MD5 is the MD5 of the parts joined, and forgets the upload id', async () => {
    const key = 'strict/complete.bin';
    const uploadId = await oss.initiate(key);
    const a = bytes(100 * KiB, 7);
    const b = bytes(33, 9);
    const ra = await oss.putPart(key, uploadId, 1, a);
    const rb = await oss.putPart(key, uploadId, 3, b);

    const response = await oss.complete(key, uploadId, [
      { partNumber: 1, etag: ra.headers.get('etag')! },
      { partNumber: 3, etag: rb.headers.get('etag')! },
    ]);
    const again = await oss.putPart(key, uploadId, 2, b);

    assert.equal(response.status, 200);
    assert.equal(emulator.object(key)?.md5, createHash('md5').update(Buffer.concat([a, b])).digest('hex'));
    assert.equal(again.status, 404);
    assert.equal(await errorCode(again), 'NoSuchUpload');
  });

  it('aborts an upload with 204 and removes its parts', async () => {
    const key = 'strict/abort.bin';
    const uploadId = await oss.initiate(key);
    await oss.putPart(key, uploadId, 1, bytes(10, 1));

    const response = await fetch(oss.presign('DELETE', key, { uploadId }), { method: 'DELETE' });
    const second = await fetch(oss.presign('DELETE', key, { uploadId }), { method: 'DELETE' });

    assert.equal(response.status, 204);
    assert.equal(emulator.uploads().some((u) => u.uploadId === uploadId), false);
    assert.equal(second.status, 404);
  });

  it('answers a CORS preflight for PUT and exposes ETag', async () => {
    const response = await fetch(`${emulator.url}/test-bucket/x`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://app.test', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-md5' },
    });

    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://app.test');
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /content-md5/);
    const put = await oss.putPart('strict/cors.bin', await oss.initiate('strict/cors.bin'), 1, bytes(1, 1), { headers: { Origin: 'http://app.test' } });
    assert.match(put.headers.get('access-control-expose-headers') ?? '', /ETag/);
  });
});
