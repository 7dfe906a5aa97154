import { expect } from '@esm-bundle/chai';
import { createOssProtocol } from '../../src/protocols/oss.js';
import { UPLOADER_EVENT_NAMES } from '../../src/core/events.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { recordEvents } from '../helpers/events.js';
import { md5Hex, testFile } from '../helpers/files.js';
import { storedObject, uniquePrefix } from '../helpers/servers.js';

describe('Uploader (no element) · event order', () => {
  it('reports chunk-queue-complete only after the last file reported its success', async () => {
    const prefix = uniquePrefix('engine-order');
    const file = testFile(1, { seed: 9 });
    const uploader = await engineFor(createOssProtocol(), prefix);
    const recorder = recordEvents(uploader, UPLOADER_EVENT_NAMES);

    uploader.add([file]);
    await queueDone(uploader);
    recorder.stop();

    const names = recorder.events.map((event) => event.name).filter((name) => name !== 'chunk-upload-progress');
    expect(names.slice(-2)).to.deep.equal(['chunk-upload-success', 'chunk-queue-complete']);
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });
});
