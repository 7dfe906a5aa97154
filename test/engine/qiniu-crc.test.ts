import { expect } from '@esm-bundle/chai';
import type { UploaderEventMap } from '../../src/core/events.js';
import { createQiniuProtocol } from '../../src/protocols/qiniu.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { nextEvent } from '../helpers/events.js';
import { KiB, testFile } from '../helpers/files.js';
import { addFault, clearFaults, requestsSeen, storedObject, uniquePrefix } from '../helpers/servers.js';

/** Issue 11.9: a Qiniu host whose every answer carries a wrong CRC-32 (it stored changed bytes). */
describe('qiniu · a CRC-32 that is wrong forever', () => {
  afterEach(() => clearFaults('qiniu'));

  it('ends in a clear integrity error after a bounded number of tries', async () => {
    const prefix = uniquePrefix('qiniu-crc-forever');
    const file = testFile(64 * KiB, { seed: 151 });
    await addFault('qiniu', { op: 'mkblk', action: 'corrupt', keyPrefix: prefix });
    const uploader = await engineFor(createQiniuProtocol({ formUpload: false }), prefix);
    const failed = nextEvent<UploaderEventMap['chunk-upload-error']>(uploader, 'chunk-upload-error');

    uploader.add([file]);
    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 0, failed: 1, canceled: 0 });

    const { error } = (await failed).detail;
    expect(error.kind).to.equal('integrity');
    expect(error.code).to.equal('crc32-mismatch');
    expect(error.message).to.match(/gave up after 4 tries/);
    expect((await requestsSeen('qiniu', { op: 'mkblk', keyPrefix: prefix })).length).to.equal(4);
    expect(await storedObject('qiniu', `${prefix}${file.name}`)).to.equal(null);
  });

  it('ends a form upload (one block, the default) whose CRC-32 never matches in the same integrity error', async () => {
    const prefix = uniquePrefix('qiniu-crc-form');
    const file = testFile(64 * KiB, { seed: 152 });
    await addFault('qiniu', { op: 'form', action: 'corrupt' });
    const uploader = await engineFor(createQiniuProtocol(), prefix);
    const failed = nextEvent<UploaderEventMap['chunk-upload-error']>(uploader, 'chunk-upload-error');

    uploader.add([file]);
    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 0, failed: 1, canceled: 0 });

    const { error } = (await failed).detail;
    expect(error.kind).to.equal('integrity');
    expect(error.message).to.match(/gave up after 4 tries/);
    expect((await requestsSeen('qiniu', { op: 'form', keyPrefix: prefix })).filter((r) => r.fault === 'corrupt').length).to.equal(4);
    expect(await storedObject('qiniu', `${prefix}${file.name}`)).to.equal(null);
  });
});
