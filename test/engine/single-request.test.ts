import { expect } from '@esm-bundle/chai';
import type { SignRequest } from '../../src/contracts/signer.js';
import type { Target } from '../../src/contracts/target.js';
import { azure } from '../../src/protocols/azure.js';
import { oss } from '../../src/protocols/oss.js';
import { qingstor } from '../../src/protocols/qingstor.js';
import { qiniu } from '../../src/protocols/qiniu/target.js';
import { qiniuV2 } from '../../src/protocols/qiniu-v2/target.js';
import { s3 } from '../../src/protocols/s3.js';
import { countingSigner } from '../helpers/counting-signer.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { qetag } from '../helpers/qetag.js';
import { addFault, clearFaults, configure, requestsSeen, storedObject, uniquePrefix } from '../helpers/servers.js';

/** Targets with a one-request upload, and the emulator operation that stores it. */
const SINGLE_REQUEST_TARGETS: readonly { readonly target: () => Target; readonly op: string }[] = [
  { target: s3, op: 'PutObject' },
  { target: oss, op: 'PutObject' },
  { target: qingstor, op: 'PutObject' },
  // Azurite, through the rig's fault proxy: Put Blob with the blob's SAS.
  { target: azure, op: 'PutBlob' },
];

describe('Uploader · one request per small file', () => {
  for (const { target, op } of SINGLE_REQUEST_TARGETS) {
    const name = target().name;

    it(`${name}: a file that fits in one part makes one signer call (put) and one storage request, with Content-MD5, and no journal record`, async () => {
      const prefix = uniquePrefix(`single-${name}`);
      const { signer, seen } = await countingSigner(name);
      const uploader = await engineFor(target(), prefix, { signer, fileMd5: true, singleRequestMax: undefined });
      const file = testFile(200_000, { seed: 1601, name: 'small.bin' });

      uploader.add([file]);

      expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
      expect(seen.map((request) => request.op)).to.deep.equal(['put']);
      expect((seen[0] as SignRequest & { contentMd5?: string }).contentMd5, 'the URL is bound to the MD5').to.be.a('string');
      const requests = (await requestsSeen(name, { keyPrefix: prefix })).filter((request) => request.method !== 'OPTIONS');
      expect(requests.map((request) => request.op)).to.deep.equal([op]);
      const expected = await md5Hex(file);
      expect((await storedObject(name, `${prefix}small.bin`))?.md5).to.equal(expected);
      const [task] = uploader.tasks;
      expect(task?.result?.fileMd5).to.equal(expected);
      expect(task?.key).to.equal(`${prefix}small.bin`);
      expect([task?.partsDone, task?.partsTotal, task?.loaded]).to.deep.equal([1, 1, file.size]);
      expect(task?.fingerprint, 'no fingerprint: nothing is journaled').to.equal(undefined);
      expect(await uploader.interrupted()).to.deep.equal([]);
    });
  }

  it('falls back to a multipart session, once per engine, when the signer has no put', async () => {
    const prefix = uniquePrefix('single-fallback');
    const { signer, seen } = await countingSigner('s3', { op: 'put', by: 'throws' });
    const uploader = await engineFor(s3(), prefix, { signer, singleRequestMax: undefined });
    const first = testFile(50_000, { seed: 1602, name: 'first.bin' });
    const second = testFile(60_000, { seed: 1603, name: 'second.bin' });

    uploader.add([first]);
    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    uploader.add([second]);
    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 2, failed: 0, canceled: 0 });

    expect(seen.map((request) => request.op)).to.deep.equal(['put', 'initiate', 'parts', 'complete', 'initiate', 'parts', 'complete']);
    expect((await storedObject('s3', `${prefix}first.bin`))?.md5).to.equal(await md5Hex(first));
    expect((await storedObject('s3', `${prefix}second.bin`))?.md5).to.equal(await md5Hex(second));
  });

  it('sends every file in parts with singleRequestMax 0', async () => {
    const prefix = uniquePrefix('single-max');
    const { signer, seen } = await countingSigner('oss');
    const uploader = await engineFor(oss(), prefix, { signer, singleRequestMax: 0 });
    const file = testFile(1000, { seed: 1604, name: 'tiny.bin' });

    uploader.add([file]);

    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect(seen.map((request) => request.op)).to.deep.equal(['initiate', 'parts', 'complete']);
    expect((await storedObject('oss', `${prefix}tiny.bin`))?.md5).to.equal(await md5Hex(file));
  });
});

/** Qiniu v1 and v2: a file of one part is one form upload (protocols.md 1.8) with a `put` token. */
describe('Uploader · one form upload per small Qiniu file', () => {
  afterEach(async () => {
    await clearFaults('qiniu');
    await configure('signer:qiniu', { policy: null });
  });

  for (const target of [qiniu, qiniuV2]) {
    const name = target().name;

    it(`${name}: a file that fits in one part makes one signer call (put) and one form upload, its CRC-32 checked, and no journal record`, async () => {
      const prefix = uniquePrefix(`single-${name}`);
      const { signer, seen } = await countingSigner(name);
      const uploader = await engineFor(target(), prefix, { signer, fileMd5: true, singleRequestMax: undefined });
      const file = testFile(200_000, { seed: 1611, name: 'small.bin' });

      uploader.add([file]);

      expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
      expect(seen.map((request) => request.op)).to.deep.equal(['put']);
      const requests = (await requestsSeen(name, { keyPrefix: prefix })).filter((request) => request.method !== 'OPTIONS');
      expect(requests.map((request) => [request.op, request.status, request.digest])).to.deep.equal([['form', 200, 'valid']]);
      const expected = await md5Hex(file);
      expect((await storedObject(name, `${prefix}small.bin`))?.md5).to.equal(expected);
      const [task] = uploader.tasks;
      expect(task?.result?.fileMd5).to.equal(expected);
      expect(task?.result?.response.hash, "the answer's qetag is the file's").to.equal(await qetag(file));
      expect(task?.key).to.equal(`${prefix}small.bin`);
      expect([task?.partsDone, task?.partsTotal, task?.loaded]).to.deep.equal([1, 1, file.size]);
      expect(task?.fingerprint, 'no fingerprint: nothing is journaled').to.equal(undefined);
      expect(await uploader.interrupted()).to.deep.equal([]);
    });
  }

  it('qiniu: sends a file of exactly one block (4 MiB) as one form upload, and a larger one in blocks with a token', async () => {
    const prefix = uniquePrefix('single-qiniu-block');
    const { signer, seen } = await countingSigner('qiniu');
    const uploader = await engineFor(qiniu(), prefix, { signer, singleRequestMax: undefined });
    const block = testFile(4 * MiB, { seed: 1612, name: 'block.bin' });
    const larger = testFile(4 * MiB + 1, { seed: 1613, name: 'larger.bin' });

    uploader.add([block]);
    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    uploader.add([larger]);
    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 2, failed: 0, canceled: 0 });

    expect(seen.map((request) => request.op)).to.deep.equal(['put', 'token']);
    const ops = (await requestsSeen('qiniu', { keyPrefix: prefix })).filter((request) => request.method !== 'OPTIONS').map((request) => request.op);
    expect(ops).to.deep.equal(['form', 'mkblk', 'mkblk', 'mkfile']);
    expect((await storedObject('qiniu', `${prefix}block.bin`))?.md5).to.equal(await md5Hex(block));
    expect((await storedObject('qiniu', `${prefix}larger.bin`))?.md5).to.equal(await md5Hex(larger));
  });

  it("qiniu-v2: sends a file of two qetag blocks under its 8 MiB part as one form upload, the answer's qetag checked", async () => {
    const prefix = uniquePrefix('single-qiniu-v2-blocks');
    const { signer, seen } = await countingSigner('qiniu-v2');
    const uploader = await engineFor(qiniuV2(), prefix, { signer, singleRequestMax: undefined });
    const file = testFile(5 * MiB + 3, { seed: 1618, name: 'two-blocks.bin' });

    uploader.add([file]);

    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect(seen.map((request) => request.op)).to.deep.equal(['put']);
    const requests = (await requestsSeen('qiniu-v2', { keyPrefix: prefix })).filter((request) => request.method !== 'OPTIONS');
    expect(requests.map((request) => [request.op, request.digest])).to.deep.equal([['form', 'valid']]);
    expect(uploader.tasks[0]?.result?.response.hash).to.equal(await qetag(file));
    expect((await storedObject('qiniu-v2', `${prefix}two-blocks.bin`))?.md5).to.equal(await md5Hex(file));
  });

  it('qiniu: sends a form upload that arrived changed (406) again, with a new put, and stores the file', async () => {
    const prefix = uniquePrefix('single-qiniu-406');
    const { signer, seen } = await countingSigner('qiniu');
    await addFault('qiniu', { op: 'form', action: 'corrupt', times: 1 });
    const uploader = await engineFor(qiniu(), prefix, { signer, singleRequestMax: undefined });
    const file = testFile(100_000, { seed: 1614, name: 'changed.bin' });

    uploader.add([file]);

    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect(seen.map((request) => request.op)).to.deep.equal(['put', 'put']);
    const requests = (await requestsSeen('qiniu', { keyPrefix: prefix })).filter((request) => request.method !== 'OPTIONS');
    expect(requests.map((request) => [request.status, request.digest])).to.deep.equal([[406, 'invalid'], [200, 'valid']]);
    expect((await storedObject('qiniu', `${prefix}changed.bin`))?.md5).to.equal(await md5Hex(file));
  });

  it('qiniu: ends in a typed protocol error, not a success, when every answer to the form upload is unreadable', async () => {
    const prefix = uniquePrefix('single-qiniu-malformed');
    await addFault('qiniu', { op: 'form', action: 'malformed' });
    const uploader = await engineFor(qiniu(), prefix, { singleRequestMax: undefined });
    const file = testFile(10_000, { seed: 1615, name: 'unread.bin' });

    uploader.add([file]);

    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 0, failed: 1, canceled: 0 });
    expect(uploader.tasks[0]?.error).to.include({ kind: 'protocol', code: 'bad-answer' });
    expect(await storedObject('qiniu', `${prefix}unread.bin`)).to.equal(null);
  });

  it("qiniu: ends in a typed integrity error when the answer's hash is not the file's qetag", async () => {
    const prefix = uniquePrefix('single-qiniu-qetag');
    await configure('signer:qiniu', { policy: { returnBody: '{"key":$(key),"hash":"FhostileHashOfSomeOtherFile"}' } });
    const uploader = await engineFor(qiniu(), prefix, { singleRequestMax: undefined });
    const file = testFile(10_000, { seed: 1616, name: 'lied.bin' });

    uploader.add([file]);

    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 0, failed: 1, canceled: 0 });
    expect(uploader.tasks[0]?.error).to.include({ kind: 'integrity', code: 'qetag-mismatch' });
  });

  it('qiniu: falls back to a session (token, then the form upload) when the signer has no put', async () => {
    const prefix = uniquePrefix('single-qiniu-fallback');
    const { signer, seen } = await countingSigner('qiniu', { op: 'put', by: 'nothing' });
    const uploader = await engineFor(qiniu(), prefix, { signer, singleRequestMax: undefined });
    const file = testFile(30_000, { seed: 1617, name: 'old-backend.bin' });

    uploader.add([file]);

    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect(seen.map((request) => request.op)).to.deep.equal(['put', 'token']);
    expect((await storedObject('qiniu', `${prefix}old-backend.bin`))?.md5).to.equal(await md5Hex(file));
  });
});
