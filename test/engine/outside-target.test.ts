import { expect } from '@esm-bundle/chai';
import '../../src/chunk-uploader.js';
import { createHttpSigner, Uploader, XhrTransport, type SignRequest, type Signer, type UploaderEventMap } from '../../src/chunk-uploader.js';
import { putDemo } from '../outside/put-target.js';
import { messageText, whenQueueDone } from '../helpers/element.js';
import { md5Hex, KiB, MiB, testFile } from '../helpers/files.js';
import { addFault, clearFaults, requestsSeen, serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

/**
 * Item 4 of issue 10: a target defined outside src/ from the public exports alone
 * (test/outside/put-target.ts), registered with the engine and with the element like any other.
 */
const NAME = 'put-demo';

async function signer(seen: SignRequest[] = []): Promise<Signer> {
  const honest = createHttpSigner(`${(await serverUrls()).signer}/${NAME}`, new XhrTransport());
  return (request, options) => {
    seen.push(request);
    return honest(request, options);
  };
}

async function expectStored(key: string, file: File): Promise<void> {
  const stored = await storedObject(NAME, key);
  expect(stored, key).to.not.equal(null);
  expect(stored!.size).to.equal(file.size);
  expect(stored!.md5, `MD5 of ${key}`).to.equal(await md5Hex(file));
}

describe('a target from outside the package', () => {
  const engines: Uploader[] = [];
  const engine = async (prefix: string, seen?: SignRequest[]): Promise<Uploader> => {
    const uploader = new Uploader({
      targets: [putDemo()],
      signer: await signer(seen),
      partSize: 256 * KiB,
      objectKey: (file) => `${prefix}${file.name}`,
      retry: { baseDelayMs: 50, maxDelayMs: 500 },
      persist: false,
    });
    engines.push(uploader);
    return uploader;
  };

  afterEach(async () => {
    await clearFaults(NAME);
    await Promise.all(engines.splice(0).map((uploader) => uploader.destroy()));
    document.querySelectorAll('chunk-uploader').forEach((el) => el.remove());
  });

  it('uploads 0 B, 1 B and a file of five parts through the engine, with one token for all the parts', async () => {
    const prefix = uniquePrefix('outside-engine');
    const files = [0, 1, MiB + 17].map((size, i) => testFile(size, { seed: 601 + i }));
    const seen: SignRequest[] = [];
    const uploader = await engine(prefix, seen);

    uploader.add(files);
    const done = await new Promise<UploaderEventMap['chunk-queue-complete']>((resolve) => uploader.addEventListener('chunk-queue-complete', resolve, { once: true }));

    expect(done.detail).to.deep.equal({ succeeded: 3, failed: 0, canceled: 0 });
    for (const file of files) await expectStored(`${prefix}${file.name}`, file);
    const parts = (await requestsSeen(NAME, { op: 'PutPart', keyPrefix: prefix })).filter((r) => r.status === 200);
    expect(parts.length, 'parts stored').to.equal(1 + 1 + 5);
    expect(seen.filter((r) => r.op === 'token').length, 'tokens asked for: one per upload').to.equal(3);
  });

  it('asks for a new token when the service calls the one in use expired, and finishes with the right bytes', async () => {
    const prefix = uniquePrefix('outside-expired');
    const file = testFile(MiB + 5, { seed: 611 });
    const seen: SignRequest[] = [];
    await addFault(NAME, { op: 'PutPart', keyPrefix: prefix, action: 'status', status: 401, body: '{"code":"TokenExpired"}', headers: { 'Content-Type': 'application/json' }, nth: [2, 4] });
    const uploader = await engine(prefix, seen);

    uploader.add([file]);
    const done = await new Promise<UploaderEventMap['chunk-queue-complete']>((resolve) => uploader.addEventListener('chunk-queue-complete', resolve, { once: true }));

    expect(done.detail).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    await expectStored(`${prefix}${file.name}`, file);
    expect(seen.filter((r) => r.op === 'token').length, 'a first token and one after each expiry').to.be.within(2, 3);
  });

  it('uploads through <chunk-uploader> given the target in its `targets` property', async () => {
    const prefix = uniquePrefix('outside-element');
    const file = testFile(700 * KiB, { seed: 621 });
    const el = document.createElement('chunk-uploader');
    el.targets = [putDemo()];
    el.setAttribute('endpoint', `${(await serverUrls()).signer}/${NAME}`);
    el.setAttribute('part-size', '256KiB');
    el.objectKey = (f) => `${prefix}${f.name}`;
    el.options = { persist: false, retry: { baseDelayMs: 50, maxDelayMs: 500 } };
    document.body.append(el);
    await el.updateComplete;
    const done = whenQueueDone(el);

    el.addFiles([file]);

    expect((await done).detail).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect(el.uploader?.target.name).to.equal(NAME);
    expect(messageText(el)).to.equal('');
    await expectStored(`${prefix}${file.name}`, file);
  });
});
