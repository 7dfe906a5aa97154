import { expect } from '@esm-bundle/chai';
import type { UploaderEventMap } from '../../src/core/events.js';
import type { UploaderOptions } from '../../src/core/options.js';
import type { Uploader } from '../../src/core/uploader.js';
import type { Protocol } from '../../src/contracts/protocol.js';
import { createQingStorProtocol } from '../../src/protocols/qingstor.js';
import type { PartAcceptCount } from '../../server/emulators/shared/emulator.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { nextEvent, recordEvents } from '../helpers/events.js';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { addFault, clearFaults, configure, openUploads, partsAccepted, requestsSeen, storedObject, uniquePrefix } from '../helpers/servers.js';

/** protocols.md 3.1: every part but the last is at least 4 MiB, so tests plan with exactly that. */
const PART = 4 * MiB;

async function expectStored(key: string, file: File): Promise<void> {
  const stored = await storedObject('qingstor', key);
  expect(stored, `object ${key}`).to.not.equal(null);
  expect(stored!.size, `size of ${key}`).to.equal(file.size);
  expect(stored!.md5, `MD5 of ${key}`).to.equal(await md5Hex(file));
}

/** Part numbers each upload id received, one sorted list per upload id, the upload with fewest parts first. */
function partNumbersByUpload(accepted: readonly PartAcceptCount[]): number[][] {
  const ids = [...new Set(accepted.map((part) => part.uploadId))];
  return ids
    .map((id) => accepted.filter((part) => part.uploadId === id).map((part) => part.partNumber).sort((a, b) => a - b))
    .sort((a, b) => a.length - b.length);
}

describe('qingstor specifics (through the engine)', () => {
  const engines: Uploader[] = [];
  /** An engine that is destroyed after the test, so its hash workers let go of the test's file. */
  const engine = async (protocol: Protocol, prefix: string, options: Partial<UploaderOptions> = {}): Promise<Uploader> => {
    const uploader = await engineFor(protocol, prefix, { partSize: PART, ...options });
    engines.push(uploader);
    return uploader;
  };

  afterEach(async () => {
    await Promise.all(engines.splice(0).map((uploader) => uploader.destroy()));
    await clearFaults('qingstor');
    await configure('qingstor', { exposeEtag: true });
  });

  it('numbers parts from 0 and sends each once', async () => {
    const prefix = uniquePrefix('qingstor-numbers');
    const file = testFile(2 * PART + 5, { seed: 41 });
    const uploader = await engine(createQingStorProtocol(), prefix);

    uploader.add([file]);
    const summary = await queueDone(uploader);

    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    const accepted = await partsAccepted('qingstor', prefix);
    expect(accepted.map((part) => part.partNumber).sort((a, b) => a - b)).to.deep.equal([0, 1, 2]);
    expect(accepted.map((part) => part.count)).to.deep.equal([1, 1, 1]);
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('resends a part the storage rejected by its Content-MD5 (bad_digest) and stores the right bytes', async () => {
    const prefix = uniquePrefix('qingstor-corrupt');
    const file = testFile(2 * PART + 123, { seed: 42 });
    await addFault('qingstor', { op: 'UploadMultipart', action: 'corrupt', keyPrefix: prefix, nth: [2] });
    const uploader = await engine(createQingStorProtocol(), prefix);
    const rejected = nextEvent<UploaderEventMap['chunk-upload-retry']>(uploader, 'chunk-upload-retry');

    uploader.add([file]);
    const summary = await queueDone(uploader);

    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    const retry = (await rejected).detail.error;
    expect([retry.kind, retry.code, retry.status]).to.deep.equal(['integrity', 'bad_digest', 400]);
    const refused = (await requestsSeen('qingstor', { op: 'UploadMultipart', keyPrefix: prefix })).filter((r) => r.status === 400);
    expect(refused.map((r) => r.fault)).to.deep.equal(['corrupt']);
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('starts over with a new upload id when the storage forgets the upload mid-upload, using nothing of the old one', async () => {
    const prefix = uniquePrefix('qingstor-forgotten');
    const file = testFile(2 * PART + 123, { seed: 43 });
    await addFault('qingstor', { op: 'UploadMultipart', action: 'forget-session', keyPrefix: prefix, nth: [3] });
    const uploader = await engine(createQingStorProtocol(), prefix, { concurrency: 2 });
    const states = recordEvents(uploader, ['chunk-upload-state']);

    uploader.add([file]);
    const summary = await queueDone(uploader);
    states.stop();

    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    const transitions = states.events.map((e) => (e.detail as UploaderEventMap['chunk-upload-state']['detail']));
    expect(transitions.some((t) => t.from === 'uploading' && t.to === 'preparing'), 'restarted').to.equal(true);
    const accepted = await partsAccepted('qingstor', prefix);
    const uploads = partNumbersByUpload(accepted);
    const [older, newer] = uploads;
    expect(uploads.length, 'upload ids that received parts').to.equal(2);
    expect(older!.length, 'parts of the forgotten upload').to.be.lessThan(3);
    expect(newer, 'parts of the new upload').to.deep.equal([0, 1, 2]);
    expect(accepted.every((part) => part.count === 1), 'no part stored twice under one upload id').to.equal(true);
    expect(await openUploads('qingstor', prefix)).to.deep.equal([]);
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('completes when the bucket\'s CORS rule hides ETag, since Complete needs no part ETags', async () => {
    const prefix = uniquePrefix('qingstor-no-etag');
    const file = testFile(PART + 9, { seed: 44 });
    await configure('qingstor', { exposeEtag: false });
    const uploader = await engine(createQingStorProtocol(), prefix);

    uploader.add([file]);
    const summary = await queueDone(uploader);

    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('stores the whole-file MD5 as the object ETag with the fileMd5 option, and none without it', async () => {
    const prefix = uniquePrefix('qingstor-file-md5');
    const withMd5 = testFile(PART + 1, { seed: 45, name: 'with.bin' });
    const without = testFile(PART + 1, { seed: 46, name: 'without.bin' });
    const first = await engine(createQingStorProtocol(), prefix, { fileMd5: true });
    const second = await engine(createQingStorProtocol(), prefix);

    const success = nextEvent<UploaderEventMap['chunk-upload-success']>(first, 'chunk-upload-success');
    first.add([withMd5]);
    await queueDone(first);
    second.add([without]);
    await queueDone(second);

    const fileMd5 = await md5Hex(withMd5);
    expect((await success).detail.result.fileMd5).to.equal(fileMd5);
    expect((await storedObject('qingstor', `${prefix}with.bin`))?.etag).to.equal(`"${fileMd5}"`);
    expect((await storedObject('qingstor', `${prefix}without.bin`))?.etag).to.equal('');
    await expectStored(`${prefix}with.bin`, withMd5);
    await expectStored(`${prefix}without.bin`, without);
  });
});
