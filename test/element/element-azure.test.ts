import { expect } from '@esm-bundle/chai';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { mountUploader, whenQueueDone } from '../helpers/element.js';
import { KiB, md5Hex, MiB, testFile } from '../helpers/files.js';
import { serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

const SIZES = [0, 1, 256 * KiB, 3 * MiB + 9];

describe('<chunk-uploader provider="azure"> · uploading through the element', () => {
  let el: ChunkUploader | undefined;

  afterEach(() => {
    el?.remove();
  });

  it(`uploads files of ${SIZES.join(', ')} bytes to Azurite as block blobs`, async () => {
    const prefix = uniquePrefix('el-azure');
    const urls = await serverUrls();
    const files = SIZES.map((size, i) => testFile(size, { seed: i + 81, type: 'application/x-azure-test' }));
    el = await mountUploader(prefix, { multiple: '', provider: 'azure', endpoint: `${urls.signer}/azure`, 'part-size': '1MiB', 'file-md5': '' });
    const done = whenQueueDone(el);

    el.addFiles(files);
    const summary = (await done).detail;

    expect(summary).to.deep.equal({ succeeded: 4, failed: 0, canceled: 0 });
    for (const file of files) {
      const stored = await storedObject('azure', `${prefix}${file.name}`);
      expect(stored?.size, file.name).to.equal(file.size);
      expect(stored?.md5, file.name).to.equal(await md5Hex(file));
      expect(stored?.contentType, file.name).to.equal('application/x-azure-test');
    }
  });
});
