import { expect } from '@esm-bundle/chai';
import { oss } from '../../src/protocols/oss.js';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import type { ConfigErrorEvent } from '../../src/element/config-error-event.js';
import { messageText, mountUploader, pickButton, shadow, transferOf, whenQueueDone, whenState } from '../helpers/element.js';
import { KiB, md5Hex, MiB, testFile } from '../helpers/files.js';
import { addFault, clearFaults, requestsSeen, storedObject, uniquePrefix } from '../helpers/servers.js';

describe('<chunk-uploader> · attributes', () => {
  let el: ChunkUploader | undefined;

  afterEach(async () => {
    el?.remove();
    await clearFaults('oss');
  });

  it('shows a message and a chunk-config-error for concurrency="lots", keeps the default, and still uploads', async () => {
    const prefix = uniquePrefix('el-conc-bad');
    const errors: ConfigErrorEvent[] = [];
    const file = testFile(300 * KiB, { seed: 71 });

    el = await mountUploader(prefix, { concurrency: 'lots' }, (e) => e.addEventListener('chunk-config-error', (event) => errors.push(event)));
    const done = whenQueueDone(el);
    el.addFiles([file]);
    await done;

    expect(messageText(el)).to.contain('concurrency must be a whole number from 1 to 16, not “lots”');
    expect(errors.map((event) => [event.detail.attribute, event.detail.value])).to.deep.equal([['concurrency', 'lots']]);
    expect(errors[0]!.bubbles && errors[0]!.composed).to.equal(true);
    expect(el.uploader?.concurrency).to.equal(4);
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('keeps the last valid concurrency when a bad one follows, and applies a good one to the same engine', async () => {
    el = await mountUploader(uniquePrefix('el-conc-live'), { concurrency: '2' });
    const engine = el.uploader;

    el.setAttribute('concurrency', '99');
    await el.updateComplete;
    const afterBad = el.uploader?.concurrency;
    const shownBad = messageText(el);
    el.setAttribute('concurrency', '7');
    await el.updateComplete;

    expect(afterBad).to.equal(2);
    expect(shownBad).to.contain('“99”');
    expect(el.uploader).to.equal(engine);
    expect(el.uploader?.concurrency).to.equal(7);
    expect(messageText(el)).to.equal('');
  });

  it('shows a message for part-size="big" without throwing, and reads part-size="100KiB" as 102400 bytes', async () => {
    const prefix = uniquePrefix('el-part-size');
    const file = testFile(250 * KiB, { seed: 72 });
    const errors: ConfigErrorEvent[] = [];

    el = await mountUploader(prefix, { 'part-size': 'big' }, (e) => e.addEventListener('chunk-config-error', (event) => errors.push(event)));
    const shownBad = messageText(el);
    el.setAttribute('part-size', '100KiB');
    await el.updateComplete;
    const done = whenQueueDone(el);
    el.addFiles([file]);
    await done;

    expect(shownBad).to.contain('part-size must be a size in bytes');
    expect(errors.map((event) => event.detail.attribute)).to.deep.equal(['part-size']);
    expect(await requestsSeen('oss', { op: 'UploadPart', keyPrefix: prefix })).to.have.length(3);
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('refuses to add files while the provider is unknown, and says so', async () => {
    const prefix = uniquePrefix('el-provider');
    const errors: ConfigErrorEvent[] = [];
    el = await mountUploader(prefix, { provider: 'ftp' }, (e) => e.addEventListener('chunk-config-error', (event) => errors.push(event)));

    const added = el.addFiles([testFile(10, { seed: 73 })]);
    await el.updateComplete;

    expect(added).to.deep.equal([]);
    expect(el.uploader).to.equal(undefined);
    expect(errors.map((event) => event.detail.attribute)).to.deep.equal(['provider']);
    expect(messageText(el)).to.contain('Unknown storage provider “ftp”');
    expect(await requestsSeen('oss', { keyPrefix: prefix })).to.deep.equal([]);
  });

  it('says it has no backend when files are added before endpoint or signer is set', async () => {
    el = document.createElement('chunk-uploader');
    const errors: ConfigErrorEvent[] = [];
    el.addEventListener('chunk-config-error', (event) => errors.push(event));
    document.body.append(el);
    await el.updateComplete;
    const quietBefore = errors.length;

    const added = el.addFiles([testFile(10, { seed: 74 })]);
    await el.updateComplete;

    expect(quietBefore).to.equal(0);
    expect(added).to.deep.equal([]);
    expect(errors.map((event) => event.detail.error.code)).to.deep.equal(['not-configured']);
    expect(messageText(el)).to.contain('no endpoint or signer');
  });

  it('lets a running upload finish under its settings when part-size changes, and uses the new size for new files', async () => {
    const prefix = uniquePrefix('el-live-change');
    const first = testFile(MiB, { seed: 75, name: 'first.bin' });
    const second = testFile(300 * KiB, { seed: 76, name: 'second.bin' });
    await addFault('oss', { op: 'UploadPart', action: 'delay', delayMs: 1500, key: `${prefix}first.bin`, nth: [1] });
    el = await mountUploader(prefix, { multiple: '', 'part-size': '8MiB' });
    const firstEngine = el.uploader;
    const uploading = whenState(el, 'first.bin', 'uploading');
    el.addFiles([first]);
    await uploading;

    el.setAttribute('part-size', '100KiB');
    await el.updateComplete;
    const secondEngine = el.uploader;
    const done = whenQueueDone(el);
    el.addFiles([second]);
    await Promise.all([done, whenState(el, 'first.bin', 'done')]);

    expect(secondEngine).to.not.equal(firstEngine);
    expect(el.tasks.map((task) => [task.name, task.state])).to.deep.equal([
      ['first.bin', 'done'],
      ['second.bin', 'done'],
    ]);
    expect(await requestsSeen('oss', { op: 'UploadPart', keyPrefix: `${prefix}first` })).to.have.length(1);
    expect(await requestsSeen('oss', { op: 'UploadPart', keyPrefix: `${prefix}second` })).to.have.length(3);
    expect((await storedObject('oss', `${prefix}first.bin`))?.md5).to.equal(await md5Hex(first));
    expect((await storedObject('oss', `${prefix}second.bin`))?.md5).to.equal(await md5Hex(second));
  });

  it('turns away a file over max-file-size="1kB" with a message naming the limit', async () => {
    const prefix = uniquePrefix('el-max-size');
    el = await mountUploader(prefix, { 'max-file-size': '1kB' });
    const rejected = new Promise<Event>((resolve) => el!.addEventListener('chunk-file-reject', resolve, { once: true }));

    const added = el.addFiles([testFile(1001, { seed: 77, name: 'big.bin' })]);
    await rejected;
    await el.updateComplete;

    expect(added).to.deep.equal([]);
    expect(messageText(el)).to.contain('big.bin is larger than the limit of 1 kB');
  });

  it('ignores drops and disables its picker while disabled, and takes files again once enabled', async () => {
    const prefix = uniquePrefix('el-disabled');
    const file = testFile(10, { seed: 78 });
    el = await mountUploader(prefix, { disabled: '' });
    const zone = shadow(el).querySelector('[part~="drop-zone"]')!;
    const drop = (): boolean =>
      zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, composed: true, dataTransfer: transferOf([file]) }));

    const claimed = !drop();
    const pickerDisabled = pickButton(el).disabled;
    const tasksWhileDisabled = el.tasks.length;
    el.disabled = false;
    await el.updateComplete;
    const done = whenQueueDone(el);
    drop();
    await done;

    expect(claimed, 'the drop is still claimed, so the browser does not open the file').to.equal(true);
    expect(pickerDisabled).to.equal(true);
    expect(tasksWhileDisabled).to.equal(0);
    expect(el.hasAttribute('disabled')).to.equal(false);
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('reads removed provider, accept and endpoint attributes as unset, not as the text "null"', async () => {
    const prefix = uniquePrefix('el-removed');
    const file = testFile(10, { seed: 79, name: 'notes.txt' });
    // One target: with no provider set, that one is used.
    el = await mountUploader(prefix, { provider: 'oss', accept: '.bin' }, (e) => (e.targets = [oss()]));
    const endpoint = el.getAttribute('endpoint')!;
    el.removeAttribute('provider');
    el.removeAttribute('accept');
    el.removeAttribute('endpoint');
    await el.updateComplete;
    const withoutEndpoint = el.uploader;
    el.setAttribute('endpoint', endpoint);
    await el.updateComplete;
    const done = whenQueueDone(el);

    el.addFiles([file]);
    await done;

    expect(withoutEndpoint).to.equal(undefined);
    expect(el.provider).to.equal(undefined);
    expect(el.uploader?.target.name).to.equal('oss');
    expect(messageText(el)).to.equal('');
    expect((await storedObject('oss', `${prefix}notes.txt`))?.md5).to.equal(await md5Hex(file));
  });
});

