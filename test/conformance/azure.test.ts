import { expect } from '@esm-bundle/chai';
import type { UploaderEventMap } from '../../src/core/events.js';
import { azure } from '../../src/protocols/azure.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { nextEvent } from '../helpers/events.js';
import { KiB, md5Hex, testFile } from '../helpers/files.js';
import { addFault, clearFaults, partsAccepted, requestsSeen, storedObject, uniquePrefix } from '../helpers/servers.js';

/** Azure has no smallest block, so parts stay small and the suite quick. */
const PART = 256 * KiB;

describe('azure adapter against Azurite', () => {
  afterEach(async () => {
    await clearFaults('azure');
  });

  it('sends a block again that Azurite refused by its Content-MD5 after a byte flipped in transit', async () => {
    const prefix = uniquePrefix('azure-corrupt');
    const file = testFile(4 * PART + 77, { seed: 44 });
    await addFault('azure', { op: 'PutBlock', action: 'corrupt', keyPrefix: prefix, nth: [2] });
    const uploader = await engineFor(azure(), prefix, { partSize: PART });
    const rejected = nextEvent<UploaderEventMap['chunk-upload-retry']>(uploader, 'chunk-upload-retry');

    uploader.add([file]);
    const summary = await queueDone(uploader);

    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    const retry = (await rejected).detail.error;
    expect([retry.kind, retry.status]).to.deep.equal(['integrity', 400]);
    const refused = (await requestsSeen('azure', { op: 'PutBlock', keyPrefix: prefix })).filter((r) => r.status === 400);
    expect(refused.map((r) => r.fault)).to.deep.equal(['corrupt']);
    expect((await storedObject('azure', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('uploads without Content-MD5 when integrity checks are off; every block is still accepted once', async () => {
    const prefix = uniquePrefix('azure-no-md5');
    const file = testFile(3 * PART + 1, { seed: 41 });
    const uploader = await engineFor(azure(), prefix, { partSize: PART, integrity: false });

    uploader.add([file]);
    const summary = await queueDone(uploader);

    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    const blocks = await requestsSeen('azure', { op: 'PutBlock', keyPrefix: prefix });
    expect(blocks.map((r) => r.digest)).to.deep.equal(['absent', 'absent', 'absent', 'absent']);
    expect((await partsAccepted('azure', prefix)).map((p) => [p.partNumber, p.count]).sort()).to.deep.equal([[1, 1], [2, 1], [3, 1], [4, 1]]);
    expect((await storedObject('azure', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });
});
