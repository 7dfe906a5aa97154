import { expect } from '@esm-bundle/chai';
import type { UploaderEventMap } from '../../src/core/events.js';
import { createS3Protocol } from '../../src/protocols/s3.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { nextEvent } from '../helpers/events.js';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { addFault, clearFaults, requestsSeen, serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

const SIZES = [0, 1, 5 * MiB, 11 * MiB + 9];

describe('s3 adapter · our emulator', () => {
  afterEach(async () => {
    await clearFaults('s3');
  });

  it('resends a part the storage rejected by its Content-MD5 (BadDigest) and stores the right bytes', async () => {
    const prefix = uniquePrefix('s3-corrupt');
    const file = testFile(2 * 5 * MiB + 77, { seed: 44 });
    await addFault('s3', { op: 'UploadPart', action: 'corrupt', keyPrefix: prefix, nth: [2] });
    const uploader = await engineFor(createS3Protocol(), prefix, { partSize: 5 * MiB });
    const rejected = nextEvent<UploaderEventMap['chunk-upload-retry']>(uploader, 'chunk-upload-retry');

    uploader.add([file]);
    const summary = await queueDone(uploader);

    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    const retry = (await rejected).detail.error;
    expect([retry.kind, retry.code, retry.status]).to.deep.equal(['integrity', 'BadDigest', 400]);
    const refused = (await requestsSeen('s3', { op: 'UploadPart', keyPrefix: prefix })).filter((r) => r.status === 400);
    expect(refused.map((r) => r.fault)).to.deep.equal(['corrupt']);
    expect((await storedObject('s3', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('uploads without Content-MD5 when integrity checks are off (URLs sign only host)', async () => {
    const prefix = uniquePrefix('s3-no-md5');
    const file = testFile(5 * MiB + 1, { seed: 41 });
    const uploader = await engineFor(createS3Protocol(), prefix, { partSize: 5 * MiB, integrity: false });

    uploader.add([file]);
    const summary = await queueDone(uploader);

    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    const stored = await storedObject('s3', `${prefix}${file.name}`);
    expect(stored?.md5).to.equal(await md5Hex(file));
  });
});

/**
 * s3rver is someone else's S3 (protocols.md 5.4): it catches what our emulator might share with
 * our adapter. It has no ListParts or Abort, so only uploads run here; those paths run against
 * our emulator above. Its bytes are read back over HTTP, not taken from its own bookkeeping.
 */
describe('s3 adapter against s3rver (third-party server: uploads only, no ListParts or Abort)', () => {
  it(`uploads files of ${SIZES.join(', ')} bytes through the engine; s3rver serves back the same bytes`, async () => {
    const prefix = uniquePrefix('s3rver-sizes');
    const urls = await serverUrls();
    const files = SIZES.map((size, i) => testFile(size, { seed: 31 + i }));
    const uploader = await engineFor(createS3Protocol(), prefix, { partSize: 5 * MiB, endpoint: `${urls.signer}/s3rver` });

    uploader.add(files);
    const summary = await queueDone(uploader);

    expect(summary).to.deep.equal({ succeeded: files.length, failed: 0, canceled: 0 });
    for (const file of files) {
      const response = await fetch(`${urls.s3rverBucket}/${encodeURI(`${prefix}${file.name}`)}`);
      const stored = await response.blob();
      expect(response.status, file.name).to.equal(200);
      expect(stored.size, `size of ${file.name}`).to.equal(file.size);
      expect(await md5Hex(stored), `MD5 of ${file.name}`).to.equal(await md5Hex(file));
    }
  });
});
