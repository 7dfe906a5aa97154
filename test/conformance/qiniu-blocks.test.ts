import { expect } from '@esm-bundle/chai';
import type { UploaderEventMap } from '../../src/core/events.js';
import type { Uploader } from '../../src/core/uploader.js';
import type { UploaderOptions } from '../../src/core/options.js';
import { createQiniuProtocol, type QiniuOptions } from '../../src/protocols/qiniu.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { nextEvent } from '../helpers/events.js';
import { KiB, md5Hex, MiB, testFile } from '../helpers/files.js';
import { qetag } from '../helpers/qetag.js';
import { addFault, clearFaults, configure, requestsSeen, serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

/** Qiniu-specific behaviour (issue 5): chunking inside blocks, 701, CRC-32, tokens, hosts, policy limits. */

const SIZES = [0, 1, 4 * MiB, 4 * MiB + 1, 21 * MiB + 3];

function engine(prefix: string, qiniu: QiniuOptions = {}, options: Partial<UploaderOptions> = {}): Promise<Uploader> {
  return engineFor(createQiniuProtocol(qiniu), prefix, options);
}

/** The Qiniu emulator under both its names, and the counting server. */
async function qiniuUrls(): Promise<{ qiniu: string; qiniuAlt: string; qiniuHostile: string }> {
  const { qiniu, qiniuAlt, qiniuHostile } = await serverUrls();
  if (qiniu === undefined || qiniuAlt === undefined || qiniuHostile === undefined) throw new Error('the Qiniu servers are not running');
  return { qiniu, qiniuAlt, qiniuHostile };
}

async function expectStored(key: string, file: File): Promise<void> {
  const stored = await storedObject('qiniu', key);
  expect(stored, `object ${key}`).to.not.equal(null);
  expect(stored!.size, `size of ${key}`).to.equal(file.size);
  expect(stored!.md5, `MD5 of ${key}`).to.equal(await md5Hex(file));
  expect(stored!.etag, `qetag of ${key}`).to.equal(await qetag(file));
}

async function uploadOne(uploader: Uploader, file: File): Promise<UploaderEventMap['chunk-upload-success']> {
  const success = nextEvent<UploaderEventMap['chunk-upload-success']>(uploader, 'chunk-upload-success');
  uploader.add([file]);
  const summary = await queueDone(uploader);
  expect(summary, 'queue summary').to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
  return success;
}

async function failureOf(uploader: Uploader, file: File): Promise<UploaderEventMap['chunk-upload-error']> {
  const failed = nextEvent<UploaderEventMap['chunk-upload-error']>(uploader, 'chunk-upload-error');
  uploader.add([file]);
  return failed;
}

describe('qiniu adapter · blocks and chunks', () => {
  afterEach(async () => {
    await clearFaults('qiniu');
    await configure('signer:qiniu', { ttlSeconds: 900, policy: null, uploadHosts: null });
    await configure('qiniu', { unavailableHosts: [] });
  });

  it(`uploads ${SIZES.join(', ')} bytes: one form upload for a file of one block, else one mkblk per block and no bput`, async () => {
    const prefix = uniquePrefix('qiniu-whole');
    const files = SIZES.map((size, i) => testFile(size, { seed: 31 + i }));
    const uploader = await engine(prefix);

    uploader.add(files);
    const summary = await queueDone(uploader);

    expect(summary).to.deep.equal({ succeeded: files.length, failed: 0, canceled: 0 });
    for (const file of files) await expectStored(`${prefix}${file.name}`, file);
    // 1 B and 4 MiB fit in one block: a form upload each (protocols.md 1.8); the empty file is a bare mkfile.
    expect((await requestsSeen('qiniu', { op: 'form', keyPrefix: prefix })).map((r) => r.status), 'form uploads').to.deep.equal([200, 200]);
    expect((await requestsSeen('qiniu', { op: 'mkblk', keyPrefix: prefix })).length, 'mkblk requests').to.equal(0 + 0 + 0 + 2 + 6);
    expect((await requestsSeen('qiniu', { op: 'bput', keyPrefix: prefix })).length, 'bput requests').to.equal(0);
  });

  it(`uploads ${SIZES.join(', ')} bytes in 512 KiB chunks, chaining bput inside each block`, async () => {
    const prefix = uniquePrefix('qiniu-512k');
    const files = SIZES.map((size, i) => testFile(size, { seed: 41 + i }));
    const uploader = await engine(prefix, { chunkSize: 512 * KiB });

    uploader.add(files);
    const summary = await queueDone(uploader);

    expect(summary).to.deep.equal({ succeeded: files.length, failed: 0, canceled: 0 });
    for (const file of files) await expectStored(`${prefix}${file.name}`, file);
    const bputs = await requestsSeen('qiniu', { op: 'bput', keyPrefix: prefix });
    // 7 bput per full block: 4 MiB + 1 (1 + a 1-byte block), 21 MiB + 3 (5 + 1 of 1 MiB + 3 B); 4 MiB is one form upload.
    expect(bputs.length, 'bput requests').to.equal(7 + 5 * 7 + 2);
    expect(bputs.every((r) => r.status === 200 && r.bytesIn <= 512 * KiB), 'every chunk at most 512 KiB').to.equal(true);
  });

  it('starts a block again from mkblk when a bput is answered 701, and completes', async () => {
    const prefix = uniquePrefix('qiniu-701');
    const file = testFile(8 * MiB + 5, { seed: 51 });
    await addFault('qiniu', { op: 'bput', keyPrefix: prefix, action: 'status', status: 701, body: '{"error":"invalid context"}', nth: [2] });
    const uploader = await engine(prefix, { chunkSize: 1 * MiB }, { retry: { retries: 0 } });

    await uploadOne(uploader, file);

    const mkblk = await requestsSeen('qiniu', { op: 'mkblk', keyPrefix: prefix });
    expect(mkblk.length, 'mkblk: 3 blocks, one started twice').to.equal(4);
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('sends a chunk again when the CRC-32 it comes back with differs (a flipped byte), and completes', async () => {
    const prefix = uniquePrefix('qiniu-crc');
    const file = testFile(8 * MiB + 5, { seed: 52 });
    await addFault('qiniu', { op: 'bput', keyPrefix: prefix, action: 'corrupt', nth: [3] });
    const uploader = await engine(prefix, { chunkSize: 1 * MiB });
    const mismatch = nextEvent<UploaderEventMap['chunk-upload-retry']>(uploader, 'chunk-upload-retry', (e) => e.detail.error.code === 'crc32-mismatch');

    await uploadOne(uploader, file);

    expect((await mismatch).detail.error.kind).to.equal('integrity');
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('asks for a new token when the host calls it expired mid-block, and continues the block from its ctx', async () => {
    const prefix = uniquePrefix('qiniu-expired');
    const file = testFile(8 * MiB + 5, { seed: 53 });
    await addFault('qiniu', { op: 'bput', keyPrefix: prefix, action: 'expire', nth: [2] });
    const uploader = await engine(prefix, { chunkSize: 1 * MiB }, { retry: { retries: 0 } });

    await uploadOne(uploader, file);

    const seen = await requestsSeen('qiniu', { keyPrefix: prefix });
    expect(seen.filter((r) => r.status === 401).length, 'expired answers').to.equal(1);
    expect(seen.filter((r) => r.op === 'mkblk').length, 'no block started again').to.equal(3);
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('never sends a request, nor the token, to a host an answer names that is not allowlisted', async () => {
    const prefix = uniquePrefix('qiniu-hostile');
    const file = testFile(12 * MiB + 5, { seed: 54 });
    const urls = await qiniuUrls();
    await addFault('qiniu', { op: 'mkblk', keyPrefix: prefix, action: 'hostile-host', host: urls.qiniuHostile });
    await addFault('qiniu', { op: 'bput', keyPrefix: prefix, action: 'hostile-host', host: urls.qiniuHostile });
    const uploader = await engine(prefix, { chunkSize: 1 * MiB });

    await uploadOne(uploader, file);

    expect(await requestsSeen('qiniu-hostile'), 'requests at the hostile host').to.deep.equal([]);
    const hostile = (await requestsSeen('qiniu', { keyPrefix: prefix })).filter((r) => r.fault === 'hostile-host');
    expect(hostile.length, 'answers naming the hostile host').to.be.greaterThan(4);
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('follows an allowlisted host an answer names, for the blocks after it', async () => {
    const prefix = uniquePrefix('qiniu-follow');
    const file = testFile(12 * MiB + 5, { seed: 55 });
    const urls = await qiniuUrls();
    await addFault('qiniu', { op: 'mkblk', keyPrefix: prefix, action: 'hostile-host', host: urls.qiniuAlt, nth: [1] });
    const uploader = await engine(prefix, {}, { concurrency: 1 });

    await uploadOne(uploader, file);

    const hosts = (await requestsSeen('qiniu', { keyPrefix: prefix })).map((r) => r.host);
    expect(hosts[0], 'first block').to.equal(new URL(urls.qiniu).host);
    expect(hosts.slice(1), 'later blocks and mkfile').to.deep.equal(hosts.slice(1).map(() => new URL(urls.qiniuAlt).host));
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('fails over to the second upload host when the first keeps answering 503', async () => {
    const prefix = uniquePrefix('qiniu-failover');
    const file = testFile(8 * MiB + 5, { seed: 56 });
    const urls = await qiniuUrls();
    await configure('qiniu', { unavailableHosts: [new URL(urls.qiniu).host] });
    const uploader = await engine(prefix, { chunkSize: 1 * MiB });

    await uploadOne(uploader, file);

    const seen = await requestsSeen('qiniu', { keyPrefix: prefix });
    expect(seen.filter((r) => r.host === new URL(urls.qiniu).host).every((r) => r.status === 503), 'first host only failed').to.equal(true);
    expect(seen.filter((r) => r.host === new URL(urls.qiniuAlt).host && r.status === 200).length, 'served by the second host').to.be.greaterThan(0);
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('sends a one-block file again when its form upload arrives changed (406, the CRC-32 check), and completes', async () => {
    const prefix = uniquePrefix('qiniu-form-crc');
    const file = testFile(64 * KiB, { seed: 61 });
    await addFault('qiniu', { op: 'form', action: 'corrupt', times: 1 });

    await uploadOne(await engine(prefix), file);

    await expectStored(`${prefix}${file.name}`, file);
    const refused = (await requestsSeen('qiniu', { op: 'form', keyPrefix: prefix })).filter((r) => r.status === 406);
    expect(refused.length, 'form uploads refused').to.equal(1);
  });

  it('reports a file stored whose upload callback failed (579) as a success with a warning', async () => {
    const prefix = uniquePrefix('qiniu-579');
    const file = testFile(5 * KiB, { seed: 57 });
    await configure('signer:qiniu', { policy: { callbackUrl: 'http://127.0.0.1:9/callback' } });
    const uploader = await engine(prefix);

    const success = await uploadOne(uploader, file);

    expect(success.detail.result.warning).to.match(/callback.*579/);
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('fails with a terminal conflict when insertOnly forbids overwriting an existing key (614)', async () => {
    const prefix = uniquePrefix('qiniu-614');
    const file = testFile(5 * KiB, { seed: 58 });
    await configure('signer:qiniu', { policy: { insertOnly: 1 } });
    await uploadOne(await engine(prefix), file);

    const failed = await failureOf(await engine(prefix), testFile(5 * KiB, { seed: 58, name: file.name, type: 'text/plain' }));

    expect(failed.detail.error.kind).to.equal('conflict');
    expect(failed.detail.error.code).to.equal('614');
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('fails with terminal errors that name the policy limit for fsizeLimit (413) and mimeLimit (403)', async () => {
    const prefix = uniquePrefix('qiniu-limits');
    await configure('signer:qiniu', { policy: { fsizeLimit: 10 } });
    const big = await failureOf(await engine(prefix), testFile(11, { seed: 59 }));
    await configure('signer:qiniu', { policy: { mimeLimit: 'image/*' } });
    const text = await failureOf(await engine(prefix), testFile(11, { seed: 60, type: 'text/plain' }));

    expect([big.detail.error.kind, big.detail.error.code]).to.deep.equal(['invalid', '413']);
    expect(big.detail.error.message).to.match(/fsizeLimit/);
    expect([text.detail.error.kind, text.detail.error.code]).to.deep.equal(['invalid', '403']);
    expect(text.detail.error.message).to.match(/mimeLimit/);
  });
});
