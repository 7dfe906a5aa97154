import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { createQingStorEmulator, type QingStorEmulator } from '../../server/emulators/qingstor.js';
import { errorCode, rawQingStor, type RawQingStor } from './helpers/qingstor-client.js';

const MiB = 1024 * 1024;

function bytes(size: number, fill: number): Buffer {
  return Buffer.alloc(size, fill);
}

function md5Base64(body: Buffer): string {
  return createHash('md5').update(body).digest('base64');
}

function md5Hex(body: Buffer): string {
  return createHash('md5').update(body).digest('hex');
}

/** Uploads one-byte parts numbered `from`..`to` inclusive, a few at a time. */
async function fillParts(qs: RawQingStor, key: string, uploadId: string, from: number, to: number): Promise<void> {
  let next = from;
  const lane = async (): Promise<void> => {
    for (let n = next++; n <= to; n = next++) {
      const response = await qs.putPart(key, uploadId, n, bytes(1, n % 256));
      if (response.status !== 201) throw new Error(`part ${n}: HTTP ${response.status} ${await response.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, lane));
}

describe('QingStor emulator strictness', () => {
  let emulator: QingStorEmulator;
  let qs: RawQingStor;

  before(async () => {
    emulator = await createQingStorEmulator();
    qs = rawQingStor(emulator.url);
  });
  afterEach(() => emulator.faults.clear());
  after(() => emulator.close());

  describe('signatures', () => {
    it('rejects a tampered query signature with 401 signature_not_matched', async () => {
      const url = qs.presign('POST', 'strict/sig.bin', { uploads: null }).replace(/signature=[^&]+/, 'signature=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D');

      const response = await fetch(url, { method: 'POST' });

      assert.equal(response.status, 401);
      assert.equal(await errorCode(response), 'signature_not_matched');
    });

    it('rejects an unknown access key with 401 invalid_access_key_id', async () => {
      const response = await fetch(qs.presign('POST', 'strict/ak.bin', { uploads: null }, { accessKeyId: 'nobody' }), { method: 'POST' });

      assert.equal(response.status, 401);
      assert.equal(await errorCode(response), 'invalid_access_key_id');
    });

    it('rejects a query signature whose expires has passed with 403 request_expired', async () => {
      const uploadId = await qs.initiate('strict/expired.bin');

      const response = await qs.putPart('strict/expired.bin', uploadId, 0, bytes(10, 1), { expires: Math.floor(Date.now() / 1000) - 5 });

      assert.equal(response.status, 403);
      assert.equal(await errorCode(response), 'request_expired');
    });

    it('signs the Content-MD5 the browser sends: the same URL with another Content-MD5 is refused', async () => {
      const uploadId = await qs.initiate('strict/signed-md5.bin');
      const body = bytes(10, 1);
      const other = md5Base64(bytes(10, 2));

      const response = await qs.putPart('strict/signed-md5.bin', uploadId, 0, body, { contentMd5: md5Base64(body), headers: { 'Content-MD5': other } });

      assert.equal(response.status, 401);
      assert.equal(await errorCode(response), 'signature_not_matched');
    });

    it('accepts an Authorization: QS header signed with X-QS-Date, and one signed with Date', async () => {
      const withQsDate = qs.headerSigned('POST', 'strict/header.bin', { uploads: null });
      const withDate = qs.headerSigned('POST', 'strict/header.bin', { uploads: null }, { useDateHeader: true });

      const first = await fetch(withQsDate.url, { method: 'POST', headers: withQsDate.headers });
      const second = await fetch(withDate.url, { method: 'POST', headers: withDate.headers });

      assert.equal(first.status, 200);
      assert.equal(second.status, 200);
      assert.match(((await first.json()) as { upload_id: string }).upload_id, /^[0-9a-f]{32}$/);
    });

    it('rejects a header signature dated more than 15 minutes off with 403 request_expired', async () => {
      const signed = qs.headerSigned('POST', 'strict/skew.bin', { uploads: null }, { date: new Date(Date.now() - 16 * 60 * 1000) });

      const response = await fetch(signed.url, { method: 'POST', headers: signed.headers });

      assert.equal(response.status, 403);
      assert.equal(await errorCode(response), 'request_expired');
    });

    it('answers the expire fault as an expired credential: 403 request_expired', async () => {
      const uploadId = await qs.initiate('strict/expire-fault.bin');
      emulator.faults.add({ op: 'UploadMultipart', action: 'expire', times: 1 });

      const response = await qs.putPart('strict/expire-fault.bin', uploadId, 0, bytes(10, 1));

      assert.equal(response.status, 403);
      assert.equal(await errorCode(response), 'request_expired');
    });
  });

  describe('Upload Object Part', () => {
    it('accepts part numbers 0 and 10000 with 201 and rejects -1, 10001 and 1.5 with 400 invalid_argument', async () => {
      const key = 'strict/numbers.bin';
      const uploadId = await qs.initiate(key);

      const statuses = await Promise.all([0, 10_000, -1, 10_001, '1.5'].map((n) => qs.putPart(key, uploadId, n, bytes(1, 1))));

      assert.deepEqual(statuses.map((r) => r.status), [201, 201, 400, 400, 400]);
      assert.deepEqual(await Promise.all(statuses.slice(2).map(errorCode)), ['invalid_argument', 'invalid_argument', 'invalid_argument']);
    });

    it('answers 201 with an empty body and the quoted part MD5 as ETag', async () => {
      const uploadId = await qs.initiate('strict/etag.bin');
      const body = bytes(1000, 3);

      const response = await qs.putPart('strict/etag.bin', uploadId, 0, body, { contentMd5: md5Base64(body), headers: { 'Content-MD5': md5Base64(body) } });

      assert.equal(response.status, 201);
      assert.equal(await response.text(), '');
      assert.equal(response.headers.get('etag'), `"${md5Hex(body)}"`);
    });

    it('rejects a Content-MD5 that does not match the body with 400 bad_digest and stores nothing', async () => {
      const uploadId = await qs.initiate('strict/digest.bin');
      const wrong = md5Base64(bytes(10, 2));

      const response = await qs.putPart('strict/digest.bin', uploadId, 0, bytes(10, 1), { contentMd5: wrong, headers: { 'Content-MD5': wrong } });

      assert.equal(response.status, 400);
      assert.equal(await errorCode(response), 'bad_digest');
      assert.deepEqual(emulator.uploads().find((u) => u.uploadId === uploadId)?.parts, []);
    });

    it('rejects a part corrupted on the way (corrupt fault) by its Content-MD5', async () => {
      const uploadId = await qs.initiate('strict/corrupt.bin');
      const body = bytes(100, 4);
      emulator.faults.add({ op: 'UploadMultipart', action: 'corrupt', times: 1 });

      const response = await qs.putPart('strict/corrupt.bin', uploadId, 0, body, { contentMd5: md5Base64(body), headers: { 'Content-MD5': md5Base64(body) } });

      assert.equal(response.status, 400);
      assert.equal(await errorCode(response), 'bad_digest');
    });

    it('answers a part for an unknown upload id with 404 upload_not_exists in QingStor\'s JSON error format', async () => {
      const response = await qs.putPart('strict/unknown.bin', '0123456789abcdef0123456789abcdef', 0, bytes(10, 1));

      assert.equal(response.status, 404);
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(body.code, 'upload_not_exists');
      assert.equal(typeof body.message, 'string');
      assert.match(String(body.request_id), /^[0-9a-f]{32}$/);
      assert.equal(response.headers.get('x-qs-request-id'), body.request_id);
    });

    it('forgets the upload when the forget-session fault hits, answering 404 upload_not_exists', async () => {
      const key = 'strict/forget.bin';
      const uploadId = await qs.initiate(key);
      await qs.putPart(key, uploadId, 0, bytes(10, 1));
      emulator.faults.add({ op: 'UploadMultipart', action: 'forget-session', times: 1 });

      const response = await qs.putPart(key, uploadId, 1, bytes(10, 2));

      assert.equal(response.status, 404);
      assert.equal(await errorCode(response), 'upload_not_exists');
      assert.equal(emulator.uploads().some((u) => u.uploadId === uploadId), false);
    });

    it('holds at most 10000 parts: a new part number beyond that is refused with 400, a repeated one is not', async () => {
      const key = 'strict/max-parts.bin';
      const uploadId = await qs.initiate(key);
      await fillParts(qs, key, uploadId, 0, 9999);

      const extra = await qs.putPart(key, uploadId, 10_000, bytes(1, 1));
      const again = await qs.putPart(key, uploadId, 9999, bytes(1, 2));

      assert.equal(extra.status, 400);
      assert.equal(await errorCode(extra), 'invalid_request');
      assert.equal(again.status, 201);
      assert.equal(emulator.uploads().find((u) => u.uploadId === uploadId)?.parts.length, 10_000);
    });
  });

  describe('List Multipart', () => {
    it('pages with limit and part_number_marker, and lists part 0 only when no marker is given', async () => {
      const key = 'strict/list.bin';
      const uploadId = await qs.initiate(key);
      for (const n of [0, 1, 2]) await qs.putPart(key, uploadId, n, bytes(10 + n, n));

      const first = (await (await qs.list(key, uploadId, { limit: '2' })).json()) as { count: number; object_parts: { part_number: number; size: number; etag: string }[] };
      const rest = (await (await qs.list(key, uploadId, { limit: '2', part_number_marker: '1' })).json()) as typeof first;
      const afterZero = (await (await qs.list(key, uploadId, { part_number_marker: '0' })).json()) as typeof first;

      assert.deepEqual(first.object_parts.map((p) => p.part_number), [0, 1]);
      assert.deepEqual(first.object_parts.map((p) => p.size), [10, 11]);
      assert.equal(first.object_parts[0]?.etag, `"${md5Hex(bytes(10, 0))}"`);
      assert.deepEqual(rest.object_parts.map((p) => p.part_number), [2]);
      assert.deepEqual(afterZero.object_parts.map((p) => p.part_number), [1, 2]);
    });

    it('rejects a limit over 1000 with 400 invalid_argument, and an unknown upload with 404 upload_not_exists', async () => {
      const key = 'strict/list-limit.bin';
      const uploadId = await qs.initiate(key);

      const tooMany = await qs.list(key, uploadId, { limit: '1001' });
      const unknown = await qs.list(key, 'ffffffffffffffffffffffffffffffff');

      assert.equal(tooMany.status, 400);
      assert.equal(await errorCode(tooMany), 'invalid_argument');
      assert.equal(unknown.status, 404);
      assert.equal(await errorCode(unknown), 'upload_not_exists');
    });
  });

  describe('Complete Multipart Upload', () => {
    it('rejects a part under 4 MiB that is not the last with 400 entity_too_small', async () => {
      const key = 'strict/small.bin';
      const uploadId = await qs.initiate(key);
      await qs.putPart(key, uploadId, 0, bytes(4 * MiB - 1, 1));
      await qs.putPart(key, uploadId, 1, bytes(10, 2));

      const response = await qs.complete(key, uploadId, [{ part_number: 0 }, { part_number: 1 }]);

      assert.equal(response.status, 400);
      assert.equal(await errorCode(response), 'entity_too_small');
    });

    it('rejects parts out of ascending order, and a part never uploaded, with 400 invalid_request', async () => {
      const key = 'strict/order.bin';
      const uploadId = await qs.initiate(key);
      await qs.putPart(key, uploadId, 0, bytes(4 * MiB, 1));
      await qs.putPart(key, uploadId, 1, bytes(10, 2));

      const descending = await qs.complete(key, uploadId, [{ part_number: 1 }, { part_number: 0 }]);
      const unknown = await qs.complete(key, uploadId, [{ part_number: 0 }, { part_number: 5 }]);

      assert.equal(descending.status, 400);
      assert.equal(await errorCode(descending), 'invalid_request');
      assert.equal(unknown.status, 400);
      assert.equal(await errorCode(unknown), 'invalid_request');
    });

    it('rejects an object ETag that is not an HTTP entity-tag with 400 invalid_argument', async () => {
      const key = 'strict/bad-etag.bin';
      const uploadId = await qs.initiate(key);
      await qs.putPart(key, uploadId, 0, bytes(10, 1));

      const response = await qs.complete(key, uploadId, [{ part_number: 0 }], { ETag: '%22abc%22' });

      assert.equal(response.status, 400);
      assert.equal(await errorCode(response), 'invalid_argument');
    });

    it('joins the listed parts with 201, keeps the ETag the client set for HEAD and GET, and forgets the upload', async () => {
      const key = 'strict/complete.bin';
      const uploadId = await qs.initiate(key);
      const a = bytes(4 * MiB, 7);
      const b = bytes(33, 9);
      await qs.putPart(key, uploadId, 0, a);
      await qs.putPart(key, uploadId, 1, bytes(5, 5));
      const etag = `"${md5Hex(Buffer.concat([a, b]))}"`;
      const partEtag = (await qs.putPart(key, uploadId, 2, b)).headers.get('etag') ?? '';

      const response = await qs.complete(key, uploadId, [{ part_number: 0 }, { part_number: 2, etag: partEtag }], { ETag: etag });
      const head = await fetch(`${emulator.url}/test-bucket/${key}`, { method: 'HEAD' });
      const got = Buffer.from(await (await fetch(`${emulator.url}/test-bucket/${key}`)).arrayBuffer());
      const late = await qs.putPart(key, uploadId, 3, b);

      assert.equal(response.status, 201);
      assert.equal(head.headers.get('etag'), etag);
      assert.equal(md5Hex(got), md5Hex(Buffer.concat([a, b])));
      assert.equal(emulator.object(key)?.md5, md5Hex(Buffer.concat([a, b])));
      assert.equal(late.status, 404);
      assert.equal(await errorCode(late), 'upload_not_exists');
    });
  });

  describe('Abort, objects and CORS', () => {
    it('aborts an upload with 204 and answers a second abort with 404 upload_not_exists', async () => {
      const key = 'strict/abort.bin';
      const uploadId = await qs.initiate(key);
      await qs.putPart(key, uploadId, 0, bytes(10, 1));

      const first = await qs.abort(key, uploadId);
      const second = await qs.abort(key, uploadId);

      assert.equal(first.status, 204);
      assert.equal(emulator.uploads().some((u) => u.uploadId === uploadId), false);
      assert.equal(second.status, 404);
      assert.equal(await errorCode(second), 'upload_not_exists');
    });

    it('answers a missing object with 404 object_not_exists, and anonymous reads with 403 permission_denied when the bucket is private', async () => {
      const missing = await fetch(`${emulator.url}/test-bucket/strict/none.bin`);
      emulator.configure({ anonymousRead: false });
      const denied = await fetch(`${emulator.url}/test-bucket/strict/none.bin`);
      emulator.configure({ anonymousRead: true });

      assert.equal(missing.status, 404);
      assert.equal(await errorCode(missing), 'object_not_exists');
      assert.equal(denied.status, 403);
      assert.equal(await errorCode(denied), 'permission_denied');
    });

    it('answers a CORS preflight for PUT with Content-MD5 and exposes ETag to the page', async () => {
      const preflight = await fetch(`${emulator.url}/test-bucket/strict/cors.bin?upload_id=x&part_number=0`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://app.test', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-md5' },
      });
      const uploadId = await qs.initiate('strict/cors.bin');
      const put = await qs.putPart('strict/cors.bin', uploadId, 0, bytes(1, 1), { headers: { Origin: 'http://app.test' } });

      assert.equal(preflight.status, 200);
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://app.test');
      assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /PUT/);
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /content-md5/);
      assert.match(put.headers.get('access-control-expose-headers') ?? '', /ETag/);
    });

    it('applies shared faults by QingStor operation name and logs the request without its query', async () => {
      const key = 'strict/fault.bin';
      const uploadId = await qs.initiate(key);
      emulator.faults.add({ op: 'UploadMultipart', action: 'status', status: 503, body: 'injected', key, times: 1 });

      const failed = await qs.putPart(key, uploadId, 0, bytes(10, 1));
      const retried = await qs.putPart(key, uploadId, 0, bytes(10, 1));

      assert.equal(failed.status, 503);
      assert.equal(retried.status, 201);
      const logged = emulator.log.entries({ op: 'UploadMultipart' }).filter((entry) => entry.key === key);
      assert.deepEqual(logged.map((entry) => [entry.status, entry.fault ?? null, entry.path]), [
        [503, 'status', '/test-bucket/strict/fault.bin'],
        [201, null, '/test-bucket/strict/fault.bin'],
      ]);
      assert.deepEqual(emulator.accepted().filter((a) => a.key === key).map((a) => [a.partNumber, a.count]), [[0, 1]]);
    });
  });
});
