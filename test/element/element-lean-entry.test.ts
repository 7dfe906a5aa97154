import { expect } from '@esm-bundle/chai';
// The lean entry only: this file must not import test/helpers/element.ts, which loads the
// default entry (every built-in target).
import { ChunkUploader } from '../../src/element.js';
import { s3 } from '../../src/providers/s3.js';
import type { UploaderEventMap } from '../../src/core/events.js';
import { nextEvent } from '../helpers/events.js';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

/** `chunk-uploader/element` + `chunk-uploader/providers/s3`: the element knows only the targets it is given. */
describe('the lean element entry (chunk-uploader/element)', () => {
  let el: ChunkUploader | undefined;

  afterEach(() => {
    el?.remove();
  });

  it('defines <chunk-uploader> knowing no target of its own', () => {
    expect(customElements.get('chunk-uploader')).to.equal(ChunkUploader);
    expect(ChunkUploader.defaultTargets).to.deep.equal([]);
  });

  it('uploads through the one target its `targets` property names (stored MD5 = the file\'s)', async () => {
    const prefix = uniquePrefix('el-lean');
    const urls = await serverUrls();
    const file = testFile(5 * MiB + 17, { seed: 97 });
    el = document.createElement('chunk-uploader');
    el.targets = [s3()];
    el.endpoint = `${urls.signer}/s3`;
    el.objectKey = (picked) => `${prefix}${picked.name}`;
    el.options = { journalName: `journal-${prefix.replace(/\W/g, '')}` };
    document.body.append(el);
    await el.updateComplete;
    const done = nextEvent<UploaderEventMap['chunk-queue-complete']>(el, 'chunk-queue-complete');

    el.addFiles([file]);

    expect((await done).detail).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect((await storedObject('s3', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });
});
