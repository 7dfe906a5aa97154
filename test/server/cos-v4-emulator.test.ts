import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createCosV4Emulator, type CosV4Emulator } from '../../server/emulators/cos-v4.js';
import { MiB, rawCos, sha1Hex, uploadparts, type RawCos } from './helpers/cos-client.js';

function pattern(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

function md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

async function uploadWhole(cos: RawCos, key: string, body: Buffer): Promise<string> {
  const started = await cos.init(key, body);
  const session = String(started.data.session);
  for (let offset = 0; offset < body.length; offset += MiB) await cos.data(key, session, offset, body.subarray(offset, offset + MiB));
  await cos.finish(key, session, body.length, sha1Hex(body));
  return session;
}

describe('COS v4 emulator strictness', () => {
  let emulator: CosV4Emulator;
  let cos: RawCos;

  before(async () => {
    emulator = await createCosV4Emulator();
    cos = rawCos(emulator.url);
  });
  after(() => emulator.close());

  it('stores a file sent as init, out-of-order slices and finish, answering the JSON envelope', async () => {
    const body = pattern(2 * MiB + 100, 1);
    const started = await cos.init('strict/happy.bin', body);
    const session = String(started.data.session);

    const second = await cos.data('strict/happy.bin', session, MiB, body.subarray(MiB, 2 * MiB));
    await cos.data('strict/happy.bin', session, 2 * MiB, body.subarray(2 * MiB));
    await cos.data('strict/happy.bin', session, 0, body.subarray(0, MiB));
    const done = await cos.finish('strict/happy.bin', session, body.length, sha1Hex(body));

    assert.deepEqual([started.status, started.code, started.data.slice_size], [200, 0, MiB]);
    assert.deepEqual(second.data, { session, offset: MiB, datalen: MiB });
    assert.equal(done.code, 0);
    assert.match(String(done.data.access_url), /\/1250000000\/test-bucket\/strict\/happy\.bin$/);
    assert.equal(done.data.resource_path, '/1250000000/test-bucket/strict/happy.bin');
    assert.equal(emulator.object('strict/happy.bin')?.md5, md5(body));
  });

  it('accepts the signature in Authorization as well as in ?sign=', async () => {
    const answer = await cos.post('strict/header.bin', { op: 'upload_slice_list' }, { header: true });

    assert.deepEqual([answer.status, answer.code], [404, -197]);
  });

  it('refuses a slice_size outside 512 KB, 1, 2, 3 MB with 400 -284', async () => {
    const answer = await cos.post('strict/size.bin', { op: 'upload_slice_init', filesize: '10', slice_size: '1000000' });

    assert.deepEqual([answer.status, answer.code], [400, -284]);
  });

  it('answers the slice size it was configured to force, whatever was asked', async () => {
    emulator.configure({ sliceSize: 2 * MiB });
    const answer = await cos.init('strict/forced.bin', pattern(5 * MiB, 2));
    emulator.configure({ sliceSize: null });

    assert.equal(answer.data.slice_size, 2 * MiB);
  });

  it('answers -4019 for an unfinished upload of the same sha, and lists its slices', async () => {
    const body = pattern(3 * MiB, 3);
    const first = await cos.init('strict/resume.bin', body);
    await cos.data('strict/resume.bin', String(first.data.session), MiB, body.subarray(MiB, 2 * MiB));

    const again = await cos.init('strict/resume.bin', body);
    const listed = await cos.list('strict/resume.bin');

    assert.deepEqual([again.status, again.code], [409, -4019]);
    assert.equal(listed.data.session, first.data.session);
    assert.equal(listed.data.slice_size, MiB);
    assert.equal(listed.data.filesize, body.length);
    assert.equal(listed.data.sha, sha1Hex(body));
    assert.deepEqual(listed.data.listparts, [{ offset: MiB, datalen: MiB }]);
  });

  it('answers -4020 when an unfinished upload of different content holds the path', async () => {
    await cos.init('strict/other.bin', pattern(MiB + 1, 4));

    const answer = await cos.init('strict/other.bin', pattern(MiB + 1, 5));

    assert.deepEqual([answer.status, answer.code], [409, -4020]);
  });

  it('answers -177 for an existing file, and access_url at once for the same content (instant upload)', async () => {
    const body = pattern(MiB + 10, 6);
    await uploadWhole(cos, 'strict/exists.bin', body);

    const other = await cos.init('strict/exists.bin', pattern(MiB + 10, 7));
    const same = await cos.init('strict/exists.bin', body);
    const elsewhere = await cos.init('strict/elsewhere/copy.bin', body);

    assert.deepEqual([other.status, other.code], [409, -177]);
    assert.equal(same.code, 0);
    assert.ok(same.data.access_url);
    assert.equal(same.data.session, undefined);
    assert.ok(elsewhere.data.access_url);
    assert.equal(emulator.object('strict/elsewhere/copy.bin')?.md5, md5(body));
  });

  it('refuses uploadparts that are not JSON or do not describe the file with 400 -5965', async () => {
    const body = pattern(2 * MiB, 8);
    const base = { op: 'upload_slice_init', filesize: String(body.length), slice_size: String(MiB), sha: sha1Hex(body) };

    const notJson = await cos.post('strict/parts1.bin', { ...base, uploadparts: '[{' });
    const short = await cos.post('strict/parts2.bin', { ...base, uploadparts: JSON.stringify(uploadparts(body, MiB).slice(0, 1)) });

    assert.deepEqual([notJson.status, notJson.code], [400, -5965]);
    assert.deepEqual([short.status, short.code], [400, -5965]);
  });

  it('refuses a slice whose bytes do not match uploadparts with 409 -4016 and keeps nothing of it', async () => {
    const body = pattern(2 * MiB + 5, 9);
    const started = await cos.init('strict/badslice.bin', body);
    const wrong = Buffer.from(body.subarray(MiB, 2 * MiB));
    wrong[100] = (wrong[100] ?? 0) ^ 1;

    const answer = await cos.data('strict/badslice.bin', String(started.data.session), MiB, wrong);

    assert.deepEqual([answer.status, answer.code], [409, -4016]);
    assert.deepEqual(emulator.uploads().find((u) => u.key === 'strict/badslice.bin')?.parts, []);
  });

  it('checks finish: -175 for another filesize, -29094 without sha, -4016 for another sha', async () => {
    const body = pattern(MiB + 1, 10);
    const session = String((await cos.init('strict/finish.bin', body)).data.session);
    await cos.data('strict/finish.bin', session, 0, body.subarray(0, MiB));
    await cos.data('strict/finish.bin', session, MiB, body.subarray(MiB));

    const size = await cos.finish('strict/finish.bin', session, body.length + 1, sha1Hex(body));
    const noSha = await cos.finish('strict/finish.bin', session, body.length);
    const otherSha = await cos.finish('strict/finish.bin', session, body.length, sha1Hex(Buffer.from('x')));

    assert.deepEqual([size.status, size.code], [400, -175]);
    assert.deepEqual([noSha.status, noSha.code], [400, -29094]);
    assert.deepEqual([otherSha.status, otherSha.code], [409, -4016]);
  });

  it('checks the whole-file sha at finish when slices could not be checked one by one', async () => {
    emulator.configure({ sliceSize: 524288 });
    const body = pattern(MiB + 7, 11);
    const session = String((await cos.init('strict/wholesha.bin', body)).data.session);
    emulator.configure({ sliceSize: null });
    const tampered = Buffer.from(body);
    tampered[600_000] = (tampered[600_000] ?? 0) ^ 1;
    for (let offset = 0; offset < body.length; offset += 524288) {
      await cos.data('strict/wholesha.bin', session, offset, tampered.subarray(offset, offset + 524288));
    }

    const answer = await cos.finish('strict/wholesha.bin', session, body.length, sha1Hex(body));

    assert.deepEqual([answer.status, answer.code], [409, -4016]);
    assert.equal(emulator.object('strict/wholesha.bin'), undefined);
  });

  it('refuses offsets that are not slice starts and slices of the wrong length with 400', async () => {
    const body = pattern(2 * MiB, 12);
    const session = String((await cos.init('strict/offset.bin', body)).data.session);

    const unaligned = await cos.data('strict/offset.bin', session, 1000, body.subarray(1000, 2000));
    const short = await cos.data('strict/offset.bin', session, 0, body.subarray(0, 1000));

    assert.deepEqual([unaligned.status, unaligned.code], [400, -1]);
    assert.deepEqual([short.status, short.code], [400, -1]);
  });

  it('answers 404 for a session it does not know', async () => {
    const answer = await cos.data('strict/nosession.bin', 'f'.repeat(96), 0, Buffer.from('x'));

    assert.equal(answer.status, 404);
  });

  it('refuses a second slice of a serial_upload session while one is in flight, 409', async () => {
    emulator.configure({ serialUpload: true });
    const body = pattern(2 * MiB, 13);
    const started = await cos.init('strict/serial.bin', body);
    emulator.configure({ serialUpload: false });
    const session = String(started.data.session);
    // The first slice stops moving half-way, so it stays in flight while the second arrives.
    emulator.faults.add({ op: 'upload_slice_data', keyPrefix: 'strict/serial', action: 'stall', afterBytes: 256 * 1024, nth: [1] });
    const stalled = new AbortController();
    const first = cos.data('strict/serial.bin', session, 0, body.subarray(0, MiB), {}, stalled.signal).catch((error: unknown) => error);
    await waitFor(() => emulator.log.entries({ op: 'upload_slice_data' }).some((e) => e.key === 'strict/serial.bin' && e.bytesIn >= 256 * 1024));

    const second = await cos.data('strict/serial.bin', session, MiB, body.subarray(MiB));
    stalled.abort();

    assert.equal(started.data.serial_upload, 1);
    assert.deepEqual([second.status, second.code], [409, -1]);
    assert.ok((await first) instanceof Error);
    assert.equal(emulator.maxInFlight(session), 1);
  });

  it('requires op before filecontent', async () => {
    const answer = await cos.post('strict/order.bin', { filecontent: new Blob(['x']), op: 'upload_slice_data' });

    assert.deepEqual([answer.status, answer.code], [400, -1]);
  });
});

describe('COS v4 emulator signature checks', () => {
  let emulator: CosV4Emulator;
  let cos: RawCos;
  const now = (): number => Math.floor(Date.now() / 1000);

  before(async () => {
    emulator = await createCosV4Emulator();
    cos = rawCos(emulator.url);
  });
  after(() => emulator.close());

  const list = (sign: string): Promise<{ status: number; code: number }> => cos.post('sig/a.bin', { op: 'upload_slice_list' }, { sign });

  it('refuses a tampered MAC with 403 -97', async () => {
    const good = Buffer.from(cos.sign('sig/a.bin'), 'base64');
    good[0] = (good[0] ?? 0) ^ 1;

    const answer = await list(good.toString('base64'));

    assert.deepEqual([answer.status, answer.code], [403, -97]);
  });

  it('refuses an expired signature with 403 -96', async () => {
    const answer = await list(cos.sign('sig/a.bin', { now: now() - 100, expire: now() - 1 }));

    assert.deepEqual([answer.status, answer.code], [403, -96]);
  });

  it('refuses another bucket (-61), another file (-63) and another appid (-70) with 403', async () => {
    const bucket = await list(cos.sign('sig/a.bin', { bucket: 'other-bucket' }));
    const file = await list(cos.sign('sig/a.bin', { fileId: '/1250000000/test-bucket/sig/b.bin' }));
    const appid = await list(cos.sign('sig/a.bin', { appid: '1250000001' }));

    assert.deepEqual([bucket.status, bucket.code], [403, -61]);
    assert.deepEqual([file.status, file.code], [403, -63]);
    assert.deepEqual([appid.status, appid.code], [403, -70]);
  });

  it('refuses a signing time in the future with 403 -59, and a single-effect signature with -97', async () => {
    const future = await list(cos.sign('sig/a.bin', { now: now() + 3600, expire: now() + 7200 }));
    const once = await list(cos.sign('sig/a.bin', { expire: 0 }));

    assert.deepEqual([future.status, future.code], [403, -59]);
    assert.deepEqual([once.status, once.code], [403, -97]);
  });

  it('accepts a signature for any file of the bucket (empty f)', async () => {
    const answer = await list(cos.sign('sig/a.bin', { fileId: '' }));

    assert.deepEqual([answer.status, answer.code], [404, -197]);
  });

  it('answers the expire fault with 403 -96', async () => {
    emulator.faults.add({ op: 'upload_slice_list', action: 'expire', times: 1 });

    const answer = await list(cos.sign('sig/a.bin'));

    assert.deepEqual([answer.status, answer.code], [403, -96]);
  });

  it('answers a CORS preflight for the Authorization header and names the origin on a simple POST', async () => {
    const preflight = await fetch(`${emulator.url}/files/v2/1250000000/test-bucket/sig/a.bin`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://page.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' },
    });
    const form = new FormData();
    form.append('op', 'upload_slice_list');
    const simple = await fetch(`${emulator.url}/files/v2/1250000000/test-bucket/sig/a.bin?sign=${encodeURIComponent(cos.sign('sig/a.bin'))}`, {
      method: 'POST',
      body: form,
      headers: { Origin: 'http://page.test' },
    });

    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'authorization');
    assert.equal(simple.headers.get('access-control-allow-origin'), 'http://page.test');
  });
});
