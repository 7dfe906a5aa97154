import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import CRC32 from 'crc-32';
import { createQiniuEmulator, type QiniuEmulator } from '../../server/emulators/qiniu.js';
import { qetagOf, urlSafeBase64 } from '../../server/verify/qiniu.js';
import { errorText, rawQiniu, type RawQiniu } from './helpers/qiniu-client.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const BLOCK = 4 * MiB;

function bytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

const md5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');

/** mkblk for a 10-byte block with its first 5 bytes. */
async function halfBlock(qiniu: RawQiniu, token: string): Promise<{ ctx: string; offset: number }> {
  const response = await qiniu.mkblk(10, bytes(5, 1), { token });
  assert.equal(response.status, 200);
  return (await response.json()) as { ctx: string; offset: number };
}

describe('Qiniu emulator strictness', () => {
  let emulator: QiniuEmulator;
  let qiniu: RawQiniu;

  before(async () => {
    emulator = await createQiniuEmulator();
    qiniu = rawQiniu(emulator.url);
  });
  after(() => emulator.close());

  describe('UpToken', () => {
    it('rejects a token with a wrong signature with 401 "bad token"', async () => {
      const token = qiniu.token('strict/sig.bin', {}, 'not-the-secret');

      const response = await qiniu.mkblk(10, bytes(10, 1), { token });

      assert.equal(response.status, 401);
      assert.equal(await errorText(response), 'bad token');
    });

    it('rejects a request without a token with 401', async () => {
      const response = await qiniu.mkblk(10, bytes(10, 1));

      assert.equal(response.status, 401);
      assert.equal(await errorText(response), 'token not specified');
    });

    it('rejects a token past its deadline with 401 saying it expired', async () => {
      const token = qiniu.token('strict/deadline.bin', { deadline: Math.floor(Date.now() / 1000) - 30 });

      const response = await qiniu.mkblk(10, bytes(10, 1), { token });

      assert.equal(response.status, 401);
      assert.match((await errorText(response)) ?? '', /^token expired \d+ seconds ago$/);
    });

    it('rejects mkfile for a key outside the token scope with 401', async () => {
      const token = qiniu.token('strict/scope.bin');
      const [answer] = await qiniu.block([bytes(10, 1)], { token });

      const response = await qiniu.mkfile(10, [answer!.ctx], { token, key: 'strict/other.bin' });

      assert.equal(response.status, 401);
      assert.match((await errorText(response)) ?? '', /scope/);
    });

    it('accepts a new token for later chunks of a block (the ctx outlives the token)', async () => {
      const first = qiniu.token('strict/retoken.bin');
      const second = qiniu.token('strict/retoken.bin', { deadline: Math.floor(Date.now() / 1000) + 900 });
      const answer = await halfBlock(qiniu, first);

      const response = await qiniu.bput(answer.ctx, 5, bytes(5, 2), { token: second });

      assert.equal(response.status, 200);
    });
  });

  describe('mkblk and bput', () => {
    it('answers each chunk with its own CRC-32, the block offset, the host and expired_at', async () => {
      const token = qiniu.token('strict/crc.bin');
      const chunks = [bytes(300 * KiB, 1), bytes(200 * KiB, 2)];

      const answers = await qiniu.block(chunks, { token });

      assert.deepEqual(answers.map((a) => a.crc32), chunks.map((c) => CRC32.buf(c) >>> 0));
      assert.deepEqual(answers.map((a) => a.offset), [300 * KiB, 500 * KiB]);
      assert.equal(answers[1]!.host, emulator.url);
      assert.equal(answers[1]!.checksum, urlSafeBase64(createHash('sha1').update(Buffer.concat(chunks)).digest()));
      assert.ok(answers[1]!.expired_at > Date.now() / 1000);
    });

    it('rejects a block size over 4 MiB with 400', async () => {
      const response = await qiniu.mkblk(BLOCK + 1, bytes(10, 1), { token: qiniu.token('strict/big.bin') });

      assert.equal(response.status, 400);
      assert.match((await errorText(response)) ?? '', /block size/);
    });

    it('rejects a first chunk larger than its block with 400', async () => {
      const response = await qiniu.mkblk(10, bytes(11, 1), { token: qiniu.token('strict/chunk.bin') });

      assert.equal(response.status, 400);
    });

    it('rejects a bput that would overflow its block with 400', async () => {
      const token = qiniu.token('strict/overflow.bin');
      const response1 = await qiniu.mkblk(10, bytes(6, 1), { token });
      const { ctx } = (await response1.json()) as { ctx: string };

      const response = await qiniu.bput(ctx, 6, bytes(5, 2), { token });

      assert.equal(response.status, 400);
    });

    it('rejects a chunk sent without Content-Type application/octet-stream with 400', async () => {
      const response = await qiniu.mkblk(10, bytes(10, 1), { token: qiniu.token('strict/type.bin'), headers: { 'Content-Type': 'text/plain' } });

      assert.equal(response.status, 400);
    });

    it('rejects a ctx that is no longer the latest of its block with 701', async () => {
      const token = qiniu.token('strict/stale.bin');
      const first = await halfBlock(qiniu, token);
      const second = await qiniu.bput(first.ctx, 5, bytes(2, 2), { token });

      const again = await qiniu.bput(first.ctx, 5, bytes(2, 2), { token });

      assert.equal(second.status, 200);
      assert.equal(again.status, 701);
    });

    it('rejects a bput at the wrong in-block offset with 701', async () => {
      const token = qiniu.token('strict/offset.bin');
      const first = await halfBlock(qiniu, token);

      const response = await qiniu.bput(first.ctx, 4, bytes(5, 2), { token });

      assert.equal(response.status, 701);
      assert.match((await errorText(response)) ?? '', /offset/);
    });

    it('rejects a bput sent to another upload host than its block with 701', async () => {
      const token = qiniu.token('strict/host.bin');
      const first = await halfBlock(qiniu, token);

      const response = await qiniu.bput(first.ctx, 5, bytes(5, 2), { token, base: emulator.altUrl });

      assert.equal(response.status, 701);
    });

    it('rejects an expired ctx with 701 and reports expired_at as configured', async () => {
      const token = qiniu.token('strict/ctx-expiry.bin');
      emulator.configure({ ctxTtlSeconds: -1 });
      const first = (await halfBlock(qiniu, token)) as { ctx: string; expired_at?: number };
      emulator.configure({ ctxTtlSeconds: 3600 });

      const response = await qiniu.bput(first.ctx, 5, bytes(5, 2), { token });

      assert.ok((first.expired_at ?? Infinity) <= Date.now() / 1000);
      assert.equal(response.status, 701);
      assert.equal(await errorText(response), 'context expired');
    });

    it('names a hostile host in the answer when the hostile-host fault hits', async () => {
      emulator.faults.add({ op: 'mkblk', key: 'strict/hostile.bin', action: 'hostile-host', host: 'http://evil.invalid' });

      const [answer] = await qiniu.block([bytes(5, 1)], { token: qiniu.token('strict/hostile.bin') });

      assert.equal(answer!.host, 'http://evil.invalid');
    });

    it('stores a flipped byte under the corrupt fault, so the answered CRC-32 differs', async () => {
      emulator.faults.add({ op: 'mkblk', key: 'strict/corrupt.bin', action: 'corrupt' });
      const chunk = bytes(100, 1);

      const [answer] = await qiniu.block([chunk], { token: qiniu.token('strict/corrupt.bin') });

      assert.notEqual(answer!.crc32, CRC32.buf(chunk) >>> 0);
    });
  });

  describe('mkfile', () => {
    it('assembles blocks into an object whose hash is the qetag and whose MD5 matches', async () => {
      const key = 'strict/whole.bin';
      const token = qiniu.token(key);
      const data = bytes(BLOCK + 1000, 3);
      const a = await qiniu.block([data.subarray(0, MiB), data.subarray(MiB, BLOCK)], { token });
      const b = await qiniu.block([data.subarray(BLOCK)], { token });

      const response = await qiniu.mkfile(data.length, [a.at(-1)!.ctx, b.at(-1)!.ctx], { token, key });

      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { hash: qetagOf(data), key });
      assert.equal(emulator.object(key)?.md5, md5(data));
    });

    it('stores an empty file from mkfile/0 with an empty body', async () => {
      const key = 'strict/empty.bin';

      const response = await qiniu.mkfile(0, [], { token: qiniu.token(key), key });

      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { hash: 'Fto5o-5ea0sNMlW_75VgGJCv2AcJ', key });
      assert.equal(emulator.object(key)?.size, 0);
    });

    it('rejects a missing block with 400 (sizes do not add up)', async () => {
      const key = 'strict/missing.bin';
      const token = qiniu.token(key);
      const a = await qiniu.block([bytes(BLOCK, 1)], { token });

      const response = await qiniu.mkfile(BLOCK + 10, [a[0]!.ctx], { token, key });

      assert.equal(response.status, 400);
      assert.match((await errorText(response)) ?? '', /file size/);
    });

    it('rejects misordered ctx values (a short block before the last) with 400', async () => {
      const key = 'strict/order.bin';
      const token = qiniu.token(key);
      const full = await qiniu.block([bytes(BLOCK, 1)], { token });
      const tail = await qiniu.block([bytes(10, 2)], { token });

      const response = await qiniu.mkfile(BLOCK + 10, [tail[0]!.ctx, full[0]!.ctx], { token, key });

      assert.equal(response.status, 400);
      assert.match((await errorText(response)) ?? '', /block 0: only the last block/);
    });

    it('rejects a ctx of an incomplete block, or one already used, with 701 naming the block', async () => {
      const key = 'strict/incomplete.bin';
      const token = qiniu.token(key);
      const half = await halfBlock(qiniu, token);
      const whole = await qiniu.block([bytes(10, 1)], { token });
      const stale = whole[0]!.ctx;
      assert.equal((await qiniu.mkfile(10, [stale], { token, key })).status, 200);

      const incomplete = await qiniu.mkfile(10, [half.ctx], { token, key });
      const reused = await qiniu.mkfile(10, [stale], { token, key });

      assert.equal(incomplete.status, 701);
      assert.match((await errorText(incomplete)) ?? '', /^block 0: block is incomplete/);
      assert.equal(reused.status, 701);
      assert.equal(await errorText(reused), 'block 0: invalid context');
    });

    it('refuses to overwrite an existing key under insertOnly with 614', async () => {
      const key = 'strict/insert-only.bin';
      const token = qiniu.token(key, { insertOnly: 1 });
      const first = await qiniu.block([bytes(10, 1)], { token });
      await qiniu.mkfile(10, [first[0]!.ctx], { token, key });
      const second = await qiniu.block([bytes(10, 2)], { token });

      const response = await qiniu.mkfile(10, [second[0]!.ctx], { token, key });

      assert.equal(response.status, 614);
      assert.equal(await errorText(response), 'file exists');
      assert.equal(emulator.object(key)?.md5, md5(bytes(10, 1)));
    });

    it('overwrites an existing key when the token names the key without insertOnly', async () => {
      const key = 'strict/overwrite.bin';
      const token = qiniu.token(key);
      await qiniu.mkfile(10, [(await qiniu.block([bytes(10, 1)], { token }))[0]!.ctx], { token, key });

      const response = await qiniu.mkfile(10, [(await qiniu.block([bytes(10, 2)], { token }))[0]!.ctx], { token, key });

      assert.equal(response.status, 200);
      assert.equal(emulator.object(key)?.md5, md5(bytes(10, 2)));
    });

    it('rejects a file over fsizeLimit with 413 and a forbidden type under mimeLimit with 403', async () => {
      const key = 'strict/limits.bin';
      const small = qiniu.token(key, { fsizeLimit: 5 });
      const images = qiniu.token(key, { mimeLimit: 'image/*' });
      const ctx1 = (await qiniu.block([bytes(10, 1)], { token: small }))[0]!.ctx;
      const ctx2 = (await qiniu.block([bytes(10, 1)], { token: images }))[0]!.ctx;

      const big = await qiniu.mkfile(10, [ctx1], { token: small, key });
      const text = await qiniu.mkfile(10, [ctx2], { token: images, key, segments: `/mimeType/${urlSafeBase64('text/plain')}` });

      assert.equal(big.status, 413);
      assert.equal(text.status, 403);
      assert.match((await errorText(text)) ?? '', /mimeType/);
    });

    it('renders returnBody with magic and custom variables, and keeps fname, x: vars and metadata', async () => {
      const key = 'strict/return.bin';
      const token = qiniu.token(key, { returnBody: '{"key":$(key),"hash":$(etag),"size":$(fsize),"name":$(fname),"who":$(x:user)}' });
      const ctx = (await qiniu.block([bytes(10, 1)], { token }))[0]!.ctx;
      const segments = `/fname/${urlSafeBase64('photo.jpg')}/x%3Auser/${urlSafeBase64('李雷')}/x-qn-meta-Color/${urlSafeBase64('red')}`;

      const response = await qiniu.mkfile(10, [ctx], { token, key, segments });

      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { key, hash: qetagOf(bytes(10, 1)), size: 10, name: 'photo.jpg', who: '李雷' });
    });

    it('rejects an unknown mkfile path segment with 400', async () => {
      const key = 'strict/segment.bin';
      const token = qiniu.token(key);

      const response = await qiniu.mkfile(0, [], { token, key, segments: `/color/${urlSafeBase64('red')}` });

      assert.equal(response.status, 400);
    });

    it('stores the file but answers 579 when the upload callback fails', async () => {
      const key = 'strict/callback.bin';
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as { port: number };
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const token = qiniu.token(key, { callbackUrl: `http://127.0.0.1:${port}/callback` });
      const ctx = (await qiniu.block([bytes(10, 1)], { token }))[0]!.ctx;

      const response = await qiniu.mkfile(10, [ctx], { token, key });

      assert.equal(response.status, 579);
      assert.equal(emulator.object(key)?.md5, md5(bytes(10, 1)));
    });
  });

  it('answers a CORS preflight for POST with Authorization', async () => {
    const response = await fetch(`${emulator.url}/mkblk/10`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://app.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });

    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://app.test');
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /authorization/);
  });
});
