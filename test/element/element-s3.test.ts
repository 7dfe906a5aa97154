import { expect } from '@esm-bundle/chai';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { mountUploader, whenQueueDone } from '../helpers/element.js';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

const SIZES = [0, 1, 5 * MiB, 11 * MiB + 9];

describe('<chunk-uploader provider="s3"> · uploading through the element', () => {
  let el: ChunkUploader | undefined;

  afterEach(() => {
    el?.remove();
  });

  it(`uploads files of ${SIZES.join(', ')} bytes to our S3 emulator`, async () => {
    const prefix = uniquePrefix('el-s3');
    const urls = await serverUrls();
    const files = SIZES.map((size, i) => testFile(size, { seed: i + 61 }));
    el = await mountUploader(prefix, { multiple: '', provider: 's3', endpoint: `${urls.signer}/s3`, 'part-size': '5MiB' });
    const done = whenQueueDone(el);

    el.addFiles(files);
    const summary = (await done).detail;

    expect(summary).to.deep.equal({ succeeded: 4, failed: 0, canceled: 0 });
    for (const file of files) {
      const stored = await storedObject('s3', `${prefix}${file.name}`);
      expect(stored?.size, file.name).to.equal(file.size);
      expect(stored?.md5, file.name).to.equal(await md5Hex(file));
    }
  });

  it(`uploads files of ${SIZES.join(', ')} bytes to s3rver (third-party server), which serves back the same bytes`, async () => {
    const prefix = uniquePrefix('el-s3rver');
    const urls = await serverUrls();
    const files = SIZES.map((size, i) => testFile(size, { seed: i + 71 }));
    el = await mountUploader(prefix, { multiple: '', provider: 's3', endpoint: `${urls.signer}/s3rver`, 'part-size': '5MiB' });
    const done = whenQueueDone(el);

    el.addFiles(files);
    const summary = (await done).detail;

    expect(summary).to.deep.equal({ succeeded: 4, failed: 0, canceled: 0 });
    for (const file of files) {
      const stored = await (await fetch(`${urls.s3rverBucket}/${encodeURI(`${prefix}${file.name}`)}`)).blob();
      expect(stored.size, file.name).to.equal(file.size);
      expect(await md5Hex(stored), file.name).to.equal(await md5Hex(file));
    }
  });
});
