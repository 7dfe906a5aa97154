import { expect } from '@esm-bundle/chai';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { mountUploader, whenQueueDone } from '../helpers/element.js';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

/** protocols.md 3.1: every part but the last is at least 4 MiB. */
const SIZES = [0, 1, 4 * MiB, 9 * MiB + 7];

describe('<chunk-uploader provider="qingstor"> · uploading through the element', () => {
  let el: ChunkUploader | undefined;

  afterEach(() => {
    el?.remove();
  });

  it(`uploads files of ${SIZES.join(', ')} bytes to our QingStor emulator`, async () => {
    const prefix = uniquePrefix('el-qingstor');
    const files = SIZES.map((size, i) => testFile(size, { seed: i + 81 }));
    el = await mountUploader(prefix, { multiple: '', provider: 'qingstor', endpoint: `${(await serverUrls()).signer}/qingstor`, 'part-size': '4MiB' });
    const done = whenQueueDone(el);

    el.addFiles(files);
    const summary = (await done).detail;

    expect(summary).to.deep.equal({ succeeded: 4, failed: 0, canceled: 0 });
    for (const file of files) {
      const stored = await storedObject('qingstor', `${prefix}${file.name}`);
      expect(stored, file.name).to.not.equal(null);
      expect(stored!.size, file.name).to.equal(file.size);
      expect(stored!.md5, file.name).to.equal(await md5Hex(file));
    }
  });

  it('stores the whole-file MD5 as the object ETag when the fileMd5 option is on', async () => {
    const prefix = uniquePrefix('el-qingstor-md5');
    const file = testFile(4 * MiB + 3, { seed: 89 });
    el = await mountUploader(prefix, { provider: 'qingstor', endpoint: `${(await serverUrls()).signer}/qingstor`, 'part-size': '4MiB' }, (uploader) => {
      uploader.options = { ...uploader.options, fileMd5: true };
    });
    const done = whenQueueDone(el);

    el.addFiles([file]);
    const summary = (await done).detail;

    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    const stored = await storedObject('qingstor', `${prefix}${file.name}`);
    expect(stored?.md5).to.equal(await md5Hex(file));
    expect(stored?.etag).to.equal(`"${await md5Hex(file)}"`);
  });
});
