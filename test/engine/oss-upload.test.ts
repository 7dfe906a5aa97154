import { expect } from '@esm-bundle/chai';
import { createOssProtocol } from '../../src/protocols/oss.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { KiB, md5Hex, MiB, testFile } from '../helpers/files.js';
import { storedObject, uniquePrefix } from '../helpers/servers.js';

describe('Uploader (no element) · OSS', () => {
  it('uploads 0 B, 1 B, 100 KiB - 1 and 12 MiB + 17 B files added together', async () => {
    const prefix = uniquePrefix('engine-sizes');
    const files = [0, 1, 100 * KiB - 1, 12 * MiB + 17].map((size, i) => testFile(size, { seed: i + 1 }));
    const uploader = await engineFor(createOssProtocol(), prefix, { partSize: 8 * MiB });

    uploader.add(files);
    const summary = await queueDone(uploader);

    expect(summary).to.deep.equal({ succeeded: 4, failed: 0, canceled: 0 });
    for (const file of files) {
      const stored = await storedObject('oss', `${prefix}${file.name}`);
      expect(stored, file.name).to.not.equal(null);
      expect(stored!.size).to.equal(file.size);
      expect(stored!.md5).to.equal(await md5Hex(file));
    }
  });
});
