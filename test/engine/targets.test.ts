import { expect } from '@esm-bundle/chai';
import type { Target } from '../../src/contracts/target.js';
import type { UploaderEventMap } from '../../src/core/events.js';
import { Uploader } from '../../src/core/uploader.js';
import { oss } from '../../src/protocols/oss.js';
import { s3 } from '../../src/protocols/s3.js';
import { UploadError } from '../../src/transport/upload-error.js';
import { countingSigner } from '../helpers/counting-signer.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { md5Hex, testFile } from '../helpers/files.js';
import { requestsSeen, serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

/** OSS as a service that stores objects of at most `bytes`. */
function ossUpTo(bytes: number): Target {
  const target = oss();
  return { ...target, limits: { ...target.limits, maxObjectSize: bytes } };
}

describe('Uploader · targets', () => {
  it('turns a file over the target\'s maxObjectSize away at add (file-too-large), before any request, and takes one at the limit', async () => {
    const prefix = uniquePrefix('engine-max-object');
    const { signer, seen } = await countingSigner('oss');
    const uploader = await engineFor(ossUpTo(1000), prefix, { signer });
    const rejected: UploaderEventMap['chunk-file-reject'][] = [];
    uploader.addEventListener('chunk-file-reject', (event) => rejected.push(event));
    const over = testFile(1001, { seed: 501, name: 'over.bin' });

    const added = uploader.add([over]);

    expect(added).to.deep.equal([]);
    expect(rejected.map((event) => [event.detail.file.name, event.detail.reason.code])).to.deep.equal([['over.bin', 'file-too-large']]);
    expect(rejected[0]!.detail.reason.message).to.contain('the largest object oss stores');
    expect(seen, 'signer requests').to.deep.equal([]);
    expect(await requestsSeen('oss', { keyPrefix: prefix })).to.deep.equal([]);

    const atLimit = testFile(1000, { seed: 502, name: 'at-limit.bin' });
    uploader.add([atLimit]);
    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect((await storedObject('oss', `${prefix}at-limit.bin`))?.md5).to.equal(await md5Hex(atLimit));
  });

  it('sends new files to the target named by `target`, by default the first of `targets`', async () => {
    const prefix = uniquePrefix('engine-choose-target');
    const urls = await serverUrls();
    const file = testFile(2000, { seed: 503 });
    const first = new Uploader({ targets: [oss(), s3()], endpoint: `${urls.signer}/oss`, objectKey: (f) => `${prefix}${f.name}` });
    const named = new Uploader({ targets: [oss(), s3()], target: 's3', endpoint: `${urls.signer}/s3`, objectKey: (f) => `${prefix}${f.name}` });
    try {
      expect([first.target.name, named.target.name]).to.deep.equal(['oss', 's3']);
      named.add([file]);
      expect(await queueDone(named)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
      expect((await storedObject('s3', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
      expect(await storedObject('oss', `${prefix}${file.name}`)).to.equal(null);
    } finally {
      await Promise.all([first.destroy(), named.destroy()]);
    }
  });

  it('refuses an empty target list and a target name it was not given, with a typed invalid-option error', () => {
    const make = (options: ConstructorParameters<typeof Uploader>[0]) => () => new Uploader(options);
    for (const attempt of [make({ targets: [], endpoint: '/x' }), make({ targets: [oss()], target: 'ftp', endpoint: '/x' })]) {
      let thrown: unknown;
      try {
        attempt();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).to.be.instanceOf(UploadError);
      expect((thrown as UploadError).code).to.equal('invalid-option');
    }
  });
});
