import { expect } from '@esm-bundle/chai';
import type { PlannedPart, Protocol } from '../../src/contracts/protocol.js';
import type { UploaderEventMap } from '../../src/core/events.js';
import { HashPool } from '../../src/hash/hash-pool.js';
import { createOssProtocol } from '../../src/protocols/oss.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { nextEvent } from '../helpers/events.js';
import { KiB, md5Hex, MiB, testFile } from '../helpers/files.js';
import { addFault, requestsSeen, storedObject, uniquePrefix } from '../helpers/servers.js';

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('integrity on the wire · OSS', () => {
  it('sends a correct Content-MD5 with every part', async () => {
    const prefix = uniquePrefix('md5-every-part');
    const file = testFile(3 * MiB + 333, { seed: 31 });
    const uploader = await engineFor(createOssProtocol(), prefix, { partSize: 256 * KiB });

    uploader.add([file]);
    await queueDone(uploader);

    const parts = await requestsSeen('oss', { op: 'UploadPart', keyPrefix: prefix });
    expect(parts.length).to.equal(13);
    expect(parts.map((r) => r.digest)).to.deep.equal(Array(13).fill('valid'));
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('resends a part corrupted in transit: rejected by Content-MD5, sent again, stored right', async () => {
    const prefix = uniquePrefix('md5-corrupt');
    const file = testFile(2 * MiB + 5, { seed: 32 });
    await addFault('oss', { op: 'UploadPart', action: 'corrupt', keyPrefix: prefix, nth: [2, 5] });
    const uploader = await engineFor(createOssProtocol(), prefix, { partSize: 256 * KiB });
    const retried = nextEvent<UploaderEventMap['chunk-upload-retry']>(uploader, 'chunk-upload-retry');

    uploader.add([file]);
    await queueDone(uploader);

    const retry = await retried;
    expect(retry.detail.error.kind).to.equal('integrity');
    expect(retry.detail.error.code).to.equal('InvalidDigest');
    const rejected = (await requestsSeen('oss', { op: 'UploadPart', keyPrefix: prefix })).filter((r) => r.digest === 'invalid');
    expect(rejected.map((r) => r.status)).to.deep.equal([400, 400]);
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('catches a corrupted part even when no Content-MD5 reached the server, by its ETag', async () => {
    const prefix = uniquePrefix('etag-check');
    const file = testFile(1 * MiB + 7, { seed: 33 });
    const honest = createOssProtocol();
    // An adapter that hashes but does not send (nor have signed) Content-MD5: only the ETag comparison is left.
    const withoutMd5Header = (part: PlannedPart): PlannedPart => {
      const { md5Base64: _dropped, ...kept } = part.digests ?? {};
      return { ...part, digests: kept };
    };
    const withoutHeader: Protocol = {
      ...honest,
      signParts: (session, parts, io) => honest.signParts!(session, parts.map(withoutMd5Header), io),
      sendPart: (session, part, body, io) => honest.sendPart(session, withoutMd5Header(part), body, io),
    };
    await addFault('oss', { op: 'UploadPart', action: 'corrupt', keyPrefix: prefix, nth: [1] });
    const uploader = await engineFor(withoutHeader, prefix, { partSize: 256 * KiB });
    const retried = nextEvent<UploaderEventMap['chunk-upload-retry']>(uploader, 'chunk-upload-retry');

    uploader.add([file]);
    await queueDone(uploader);

    expect((await retried).detail.error.code).to.equal('etag-mismatch');
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('reports the whole file\'s MD5 when fileMd5 is on, hashed in the same pass as the parts', async () => {
    const prefix = uniquePrefix('file-md5');
    const file = testFile(5 * MiB + 11, { seed: 34 });
    const uploader = await engineFor(createOssProtocol(), prefix, { partSize: 512 * KiB, fileMd5: true });
    const success = nextEvent<UploaderEventMap['chunk-upload-success']>(uploader, 'chunk-upload-success');

    uploader.add([file]);
    const { result } = (await success).detail;

    expect(result.fileMd5).to.equal(await md5Hex(file));
    const parts = await requestsSeen('oss', { op: 'UploadPart', keyPrefix: prefix });
    expect(parts.every((r) => r.digest === 'valid')).to.equal(true);
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(result.fileMd5);
  });

  it('stops hashing when the upload is canceled', async () => {
    const prefix = uniquePrefix('cancel-hash');
    const file = testFile(96 * MiB, { seed: 35 });
    const pool = new HashPool({ size: 1 });
    await addFault('oss', { op: 'UploadPart', action: 'delay', delayMs: 500, keyPrefix: prefix });
    const uploader = await engineFor(createOssProtocol(), prefix, { partSize: MiB, fileMd5: true, hashPool: pool });
    const uploading = nextEvent<UploaderEventMap['chunk-upload-state']>(uploader, 'chunk-upload-state', (e) => e.detail.to === 'uploading');

    uploader.add([file]);
    await uploading;
    const busy = pool.pending;
    await uploader.cancel();
    await waitUntil(() => pool.pending === 0, 5000);

    expect(busy, 'hash jobs while uploading').to.be.greaterThan(0);
    expect(pool.pending).to.equal(0);
    pool.terminate();
  });
});

describe('hashing stays off the main thread', () => {
  it('keeps the page responsive while a 256 MiB file is hashed', async () => {
    const file = testFile(256 * MiB, { seed: 36 });
    const pool = new HashPool({ size: 1 });
    let last = performance.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 10);

    const started = performance.now();
    const digests = await pool.whole(file, { md5: true }, new AbortController().signal);
    const hashingMs = performance.now() - started;
    clearInterval(ticker);
    pool.terminate();

    expect(digests.md5Hex).to.equal(await md5Hex(file));
    // Hashing on this thread would stop the timer for about the whole hash; in a worker the
    // gaps are ordinary scheduling noise. Relative, so a loaded machine does not flip it.
    expect(longestGap, `longest timer gap (ms) during a ${Math.round(hashingMs)} ms hash`).to.be.below(hashingMs / 4);
    expect(longestGap).to.be.below(1000);
  });
});
