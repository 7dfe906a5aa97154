import { expect } from '@esm-bundle/chai';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { mountUploader, whenQueueDone } from '../helpers/element.js';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

describe('<chunk-uploader provider="cos-v4">', () => {
  let el: ChunkUploader | undefined;

  afterEach(() => {
    el?.remove();
  });

  it('uploads 0 B, 1 B, exactly one slice and 5 MiB + 7 B files through the COS v4 slice API', async () => {
    const prefix = uniquePrefix('el-cos');
    const files = [0, 1, MiB, 5 * MiB + 7].map((size, i) => testFile(size, { seed: i + 71 }));
    el = await mountUploader(prefix, { provider: 'cos-v4', endpoint: `${(await serverUrls()).signer}/cos-v4`, multiple: '' });
    const done = whenQueueDone(el);

    el.addFiles(files);
    const summary = (await done).detail;

    expect(summary).to.deep.equal({ succeeded: 4, failed: 0, canceled: 0 });
    for (const file of files) {
      const stored = await storedObject('cos-v4', `${prefix}${file.name}`);
      expect(stored, file.name).to.not.equal(null);
      expect(stored!.size, file.name).to.equal(file.size);
      expect(stored!.md5, file.name).to.equal(await md5Hex(file));
    }
  });
});
