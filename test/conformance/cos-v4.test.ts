import { expect } from '@esm-bundle/chai';
import type { UploaderEventMap } from '../../src/core/events.js';
import type { UploaderOptions } from '../../src/core/options.js';
import type { Uploader } from '../../src/core/uploader.js';
import { createCosV4Protocol } from '../../src/protocols/cos-v4.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { nextEvent } from '../helpers/events.js';
import { KiB, md5Hex, MiB, testFile } from '../helpers/files.js';
import { addFault, clearFaults, configure, partsAccepted, requestsSeen, serverSettled, storedObject, uniquePrefix } from '../helpers/servers.js';

async function expectStored(key: string, file: File): Promise<void> {
  const stored = await storedObject('cos-v4', key);
  expect(stored, `object ${key}`).to.not.equal(null);
  expect(stored!.md5, `MD5 of ${key}`).to.equal(await md5Hex(file));
}

async function uploadAll(uploader: Uploader, files: readonly File[]): Promise<void> {
  uploader.add([...files]);
  expect(await queueDone(uploader)).to.deep.equal({ succeeded: files.length, failed: 0, canceled: 0 });
}

describe('cos-v4 slice protocol (engine, no element)', () => {
  const engine = (prefix: string, options: Partial<UploaderOptions> = {}, protocol = createCosV4Protocol()): Promise<Uploader> =>
    engineFor(protocol, prefix, options);

  afterEach(async () => {
    await clearFaults('cos-v4');
    await configure('cos-v4', { sliceSize: null, serialUpload: false });
  });

  it('uses the slice size the server chose, larger or smaller than the one requested', async () => {
    const prefix = uniquePrefix('cos-forced');
    const [big, small] = [testFile(5 * MiB + 17, { seed: 41 }), testFile(5 * MiB + 17, { seed: 141 })];
    await configure('cos-v4', { sliceSize: 2 * MiB });
    await uploadAll(await engine(`${prefix}big/`), [big]);
    await configure('cos-v4', { sliceSize: 512 * KiB });

    await uploadAll(await engine(`${prefix}small/`), [small]);

    const bigSlices = await partsAccepted('cos-v4', `${prefix}big/`);
    const smallSlices = await partsAccepted('cos-v4', `${prefix}small/`);
    expect(bigSlices.map((p) => p.partNumber).sort((a, b) => a - b)).to.deep.equal([0, 1, 2]);
    expect(smallSlices.length).to.equal(11);
    await expectStored(`${prefix}big/${big.name}`, big);
    await expectStored(`${prefix}small/${small.name}`, small);
  });

  it('continues an unfinished upload of the same file after init answers -4019, sending only missing slices', async () => {
    const prefix = uniquePrefix('cos-4019');
    const file = testFile(6 * MiB + 3, { seed: 42 });
    await addFault('cos-v4', { op: 'upload_slice_data', keyPrefix: prefix, action: 'delay', delayMs: 150 });
    // No journal (another browser, or the journal was cleared): init's -4019 is the way back.
    const first = await engine(prefix, { concurrency: 2, persist: false });
    const twoSlices = nextEvent<UploaderEventMap['chunk-part-complete']>(first, 'chunk-part-complete', (e) => e.detail.task.partsDone >= 2);
    first.add([file]);
    await twoSlices;
    first.pause(); // like a closed tab: the session stays open on the server, nothing is finished
    await clearFaults('cos-v4');
    await serverSettled('cos-v4', prefix);

    await uploadAll(await engine(prefix, { persist: false }), [file]);

    const inits = await requestsSeen('cos-v4', { op: 'upload_slice_init', keyPrefix: prefix });
    expect(inits.map((r) => r.status)).to.deep.equal([200, 409]);
    const accepted = await partsAccepted('cos-v4', prefix);
    expect(accepted.length, 'slices stored').to.equal(7);
    expect(accepted.filter((part) => part.count > 1), 'slices accepted twice').to.deep.equal([]);
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('finishes at once, sending no slice bytes, when the same content is already stored (instant upload)', async () => {
    const prefix = uniquePrefix('cos-instant');
    const file = testFile(3 * MiB + 5, { seed: 43 });
    await uploadAll(await engine(`${prefix}first/`), [file]);

    await uploadAll(await engine(`${prefix}again/`), [file]);
    await uploadAll(await engine(`${prefix}first/`), [file]);

    const again = await requestsSeen('cos-v4', { keyPrefix: `${prefix}again/` });
    const repeat = (await requestsSeen('cos-v4', { keyPrefix: `${prefix}first/` })).slice(-1);
    expect(again.map((r) => r.op)).to.deep.equal(['upload_slice_init']);
    expect(repeat.map((r) => [r.op, r.status])).to.deep.equal([['upload_slice_init', 200]]);
    await expectStored(`${prefix}again/${file.name}`, file);
  });

  it('keeps one slice in flight when init answers serial_upload: 1', async () => {
    const prefix = uniquePrefix('cos-serial');
    const file = testFile(4 * MiB + 9, { seed: 44 });
    await configure('cos-v4', { serialUpload: true });
    // Every slice is held a while: a second slice sent alongside would be refused with 409.
    await addFault('cos-v4', { op: 'upload_slice_data', keyPrefix: prefix, action: 'delay', delayMs: 150 });

    await uploadAll(await engine(prefix, { concurrency: 4 }), [file]);

    const slices = await requestsSeen('cos-v4', { op: 'upload_slice_data', keyPrefix: prefix });
    expect(slices.map((r) => r.status)).to.deep.equal([200, 200, 200, 200, 200]);
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('sends a slice again when its bytes arrive changed and fail the uploadparts check (-4016)', async () => {
    const prefix = uniquePrefix('cos-corrupt');
    const file = testFile(3 * MiB + 1, { seed: 45 });
    await addFault('cos-v4', { op: 'upload_slice_data', keyPrefix: prefix, action: 'corrupt', nth: [2] });
    const uploader = await engine(prefix);
    const retried = nextEvent<UploaderEventMap['chunk-upload-retry']>(uploader, 'chunk-upload-retry');

    await uploadAll(uploader, [file]);

    expect((await retried).detail.error).to.include({ kind: 'integrity', code: '-4016' });
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('sends every slice again when finish finds the stored file differs from its sha', async () => {
    const prefix = uniquePrefix('cos-finish-sha');
    const file = testFile(2 * MiB + 1, { seed: 46 });
    // 512 KB slices do not line up with the 1 MB uploadparts, so only finish can notice.
    await configure('cos-v4', { sliceSize: 512 * KiB });
    await addFault('cos-v4', { op: 'upload_slice_data', keyPrefix: prefix, action: 'corrupt', nth: [2] });

    await uploadAll(await engine(prefix), [file]);

    const finishes = await requestsSeen('cos-v4', { op: 'upload_slice_finish', keyPrefix: prefix });
    const accepted = await partsAccepted('cos-v4', prefix);
    expect(finishes.map((r) => r.status)).to.deep.equal([409, 200]);
    expect(accepted.map((p) => p.count), 'every slice sent twice').to.deep.equal([2, 2, 2, 2, 2]);
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('uploads with the signature in Authorization, as CORS simple requests, and without integrity', async () => {
    const prefix = uniquePrefix('cos-modes');
    const files = [0, 1, 2].map((seed) => testFile(2 * MiB + seed, { seed: 50 + seed }));

    await uploadAll(await engine(`${prefix}header/`, {}, createCosV4Protocol({ signatureIn: 'header' })), [files[0]!]);
    await uploadAll(await engine(`${prefix}simple/`, {}, createCosV4Protocol({ simpleRequests: true })), [files[1]!]);
    await uploadAll(await engine(`${prefix}plain/`, { integrity: false }), [files[2]!]);

    await expectStored(`${prefix}header/${files[0]!.name}`, files[0]!);
    await expectStored(`${prefix}simple/${files[1]!.name}`, files[1]!);
    await expectStored(`${prefix}plain/${files[2]!.name}`, files[2]!);
  });

  it('retries slices answered with a throttling code (-71) or a backend error inside a 200 (-195)', async () => {
    const prefix = uniquePrefix('cos-throttle');
    const file = testFile(3 * MiB + 3, { seed: 49 });
    const throttled = JSON.stringify({ code: -71, message: 'request too frequent', data: {} });
    await addFault('cos-v4', { op: 'upload_slice_data', keyPrefix: prefix, action: 'status', status: 503, body: throttled, nth: [1] });
    await addFault('cos-v4', { op: 'upload_slice_data', keyPrefix: prefix, action: 'error-in-200', nth: [3] });
    const uploader = await engine(prefix, { concurrency: 1 });
    const retries: { kind: string; code: string | undefined }[] = [];
    uploader.addEventListener('chunk-upload-retry', (event) => {
      const { error } = (event as UploaderEventMap['chunk-upload-retry']).detail;
      retries.push({ kind: error.kind, code: error.code });
    });

    await uploadAll(uploader, [file]);

    expect(retries).to.deep.equal([
      { kind: 'throttled', code: '-71' },
      { kind: 'server', code: '-195' },
    ]);
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('fails with a terminal conflict naming the key when a different file is unfinished there (-4020)', async () => {
    const prefix = uniquePrefix('cos-4020');
    const first = testFile(3 * MiB, { seed: 47, name: 'same-name.bin' });
    const second = testFile(3 * MiB, { seed: 48, name: 'same-name.bin' });
    await addFault('cos-v4', { op: 'upload_slice_data', keyPrefix: prefix, action: 'delay', delayMs: 150 });
    const holder = await engine(prefix);
    const started = nextEvent(holder, 'chunk-part-complete');
    holder.add([first]);
    await started;
    holder.pause();
    const uploader = await engine(prefix);

    uploader.add([second]);
    const failed = await nextEvent<UploaderEventMap['chunk-upload-error']>(uploader, 'chunk-upload-error');

    expect(failed.detail.error).to.include({ kind: 'conflict', code: '-4020' });
    expect(failed.detail.error.message).to.match(/another key/);
    expect(await storedObject('cos-v4', `${prefix}same-name.bin`)).to.equal(null);
  });
});
