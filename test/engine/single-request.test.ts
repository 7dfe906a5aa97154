import { expect } from '@esm-bundle/chai';
import type { SignRequest } from '../../src/contracts/signer.js';
import type { Target } from '../../src/contracts/target.js';
import { azure } from '../../src/protocols/azure.js';
import { oss } from '../../src/protocols/oss.js';
import { qingstor } from '../../src/protocols/qingstor.js';
import { s3 } from '../../src/protocols/s3.js';
import { countingSigner } from '../helpers/counting-signer.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { md5Hex, testFile } from '../helpers/files.js';
import { requestsSeen, storedObject, uniquePrefix } from '../helpers/servers.js';

/** Targets with a one-request upload, and the emulator operation that stores it. */
const SINGLE_REQUEST_TARGETS: readonly { readonly target: () => Target; readonly op: string }[] = [
  { target: s3, op: 'PutObject' },
  { target: oss, op: 'PutObject' },
  { target: qingstor, op: 'PutObject' },
  // Azurite, through the rig's fault proxy: Put Blob with the blob's SAS.
  { target: azure, op: 'PutBlob' },
];

describe('Uploader · one request per small file', () => {
  for (const { target, op } of SINGLE_REQUEST_TARGETS) {
    const name = target().name;

    it(`${name}: a file that fits in one part makes one signer call (put) and one storage request, with Content-MD5, and no journal record`, async () => {
      const prefix = uniquePrefix(`single-${name}`);
      const { signer, seen } = await countingSigner(name);
      const uploader = await engineFor(target(), prefix, { signer, fileMd5: true, singleRequestMax: undefined });
      const file = testFile(200_000, { seed: 1601, name: 'small.bin' });

      uploader.add([file]);

      expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
      expect(seen.map((request) => request.op)).to.deep.equal(['put']);
      expect((seen[0] as SignRequest & { contentMd5?: string }).contentMd5, 'the URL is bound to the MD5').to.be.a('string');
      const requests = (await requestsSeen(name, { keyPrefix: prefix })).filter((request) => request.method !== 'OPTIONS');
      expect(requests.map((request) => request.op)).to.deep.equal([op]);
      const expected = await md5Hex(file);
      expect((await storedObject(name, `${prefix}small.bin`))?.md5).to.equal(expected);
      const [task] = uploader.tasks;
      expect(task?.result?.fileMd5).to.equal(expected);
      expect(task?.key).to.equal(`${prefix}small.bin`);
      expect([task?.partsDone, task?.partsTotal, task?.loaded]).to.deep.equal([1, 1, file.size]);
      expect(task?.fingerprint, 'no fingerprint: nothing is journaled').to.equal(undefined);
      expect(await uploader.interrupted()).to.deep.equal([]);
    });
  }

  it('falls back to a multipart session, once per engine, when the signer has no put', async () => {
    const prefix = uniquePrefix('single-fallback');
    const { signer, seen } = await countingSigner('s3', { op: 'put', by: 'throws' });
    const uploader = await engineFor(s3(), prefix, { signer, singleRequestMax: undefined });
    const first = testFile(50_000, { seed: 1602, name: 'first.bin' });
    const second = testFile(60_000, { seed: 1603, name: 'second.bin' });

    uploader.add([first]);
    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    uploader.add([second]);
    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 2, failed: 0, canceled: 0 });

    expect(seen.map((request) => request.op)).to.deep.equal(['put', 'initiate', 'parts', 'complete', 'initiate', 'parts', 'complete']);
    expect((await storedObject('s3', `${prefix}first.bin`))?.md5).to.equal(await md5Hex(first));
    expect((await storedObject('s3', `${prefix}second.bin`))?.md5).to.equal(await md5Hex(second));
  });

  it('sends every file in parts with singleRequestMax 0', async () => {
    const prefix = uniquePrefix('single-max');
    const { signer, seen } = await countingSigner('oss');
    const uploader = await engineFor(oss(), prefix, { signer, singleRequestMax: 0 });
    const file = testFile(1000, { seed: 1604, name: 'tiny.bin' });

    uploader.add([file]);

    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect(seen.map((request) => request.op)).to.deep.equal(['initiate', 'parts', 'complete']);
    expect((await storedObject('oss', `${prefix}tiny.bin`))?.md5).to.equal(await md5Hex(file));
  });
});
