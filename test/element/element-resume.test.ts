import { expect } from '@esm-bundle/chai';
import type { UploaderEventMap } from '../../src/core/events.js';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import type { InterruptedChangeEvent } from '../../src/element/interrupted-change-event.js';
import { createOssProtocol } from '../../src/protocols/oss.js';
import { axeViolations } from '../helpers/axe.js';
import {
  dropWithHandles,
  fileInput,
  interruptedRows,
  journalFor,
  mountUploader,
  row,
  shadow,
  transferOf,
  whenAnnounced,
  whenQueueDone,
} from '../helpers/element.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { nextEvent } from '../helpers/events.js';
import { KiB, testFile } from '../helpers/files.js';
import { itWithHandles, opfsHandle, removeOpfsFile } from '../helpers/opfs.js';
import { buttonsOf, expectStored, interruptAfterThreeParts, mountAgain, PART, SIZE, text } from '../helpers/resume.js';
import { addFault, clearFaults, openUploads, uniquePrefix } from '../helpers/servers.js';

describe('<chunk-uploader> · unfinished uploads', () => {
  let el: ChunkUploader | undefined;
  const opfsNames: string[] = [];

  afterEach(async () => {
    el?.remove();
    await clearFaults('oss');
    for (const name of opfsNames.splice(0)) await removeOpfsFile(name);
  });

  it('lists an upload a previous page left (name, size, percent, age) and continues it when the same file is picked', async () => {
    const prefix = uniquePrefix('el-resume-pick');
    const file = testFile(SIZE, { seed: 101, name: 'film.bin' });
    await interruptAfterThreeParts(prefix, (first) => first.addFiles([file]));

    const { el: second, first } = await mountAgain(prefix);
    el = second;
    const [entry] = interruptedRows(el);
    const title = text(shadow(el).querySelector('.interrupted-title'));
    const listedBefore = first.detail.uploads.map((upload) => [upload.name, upload.size, upload.hasHandle]);
    const percent = Number(entry!.querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow'));
    const done = whenQueueDone(el);
    const input = fileInput(el);
    input.files = transferOf([file]).files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    const summary = (await done).detail;
    await el.updateComplete;

    expect(listedBefore).to.deep.equal([['film.bin', SIZE, false]]);
    expect(title).to.equal('Unfinished uploads');
    expect(text(entry!.querySelector('.name'))).to.equal('film.bin');
    expect(text(entry!.querySelector('.size'))).to.equal('1 MB');
    expect(text(entry!.querySelector('.state'))).to.match(/^\d+% uploaded, stopped just now Choose or drop this file again to continue\.$/);
    expect(percent).to.be.within(25, 99);
    expect(buttonsOf(entry!)).to.deep.equal(['Discard the unfinished upload of film.bin']);
    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect(el.tasks[0]!.resumed, 'continued the journaled upload').to.equal(true);
    expect(row(el, 'film.bin').hasAttribute('data-resumed')).to.equal(true);
    expect(interruptedRows(el), 'the list is gone').to.deep.equal([]);
    expect(el.interrupted).to.deep.equal([]);
    await expectStored(prefix, file);
  });

  itWithHandles('keeps the handle of a dropped file and continues it with one click on Resume (a double click resumes once)', async () => {
    const prefix = uniquePrefix('el-resume-drop');
    const name = `dropped-${prefix.replace(/\W/g, '')}.bin`;
    opfsNames.push(name);
    const handle = await opfsHandle(name, testFile(SIZE, { seed: 102 }));
    const file = await handle.getFile();
    await interruptAfterThreeParts(prefix, (first) => dropWithHandles(first, [{ file, handle }]));

    const { el: second } = await mountAgain(prefix);
    el = second;
    const [entry] = interruptedRows(el);
    const labels = buttonsOf(entry!);
    const hint = entry!.querySelector('.hint');
    const done = whenQueueDone(el);
    const resume = entry!.querySelector<HTMLButtonElement>('[data-action="resume"]')!;
    resume.click();
    resume.click();
    await el.updateComplete;
    const rowsAfterClick = interruptedRows(el).length;
    const summary = (await done).detail;

    expect(labels).to.deep.equal([`Resume ${name}`, `Discard the unfinished upload of ${name}`]);
    expect(hint, 'no "choose again" hint when a handle re-opens the file').to.equal(null);
    expect(rowsAfterClick, 'the entry leaves the list at the click').to.equal(0);
    expect(el.tasks.length, 'a double click resumes once').to.equal(1);
    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect(el.tasks[0]!.resumed).to.equal(true);
    expect(el.tasks[0]!.name).to.equal(name);
    await expectStored(prefix, file);
  });

  itWithHandles('says so when a stored handle no longer opens its file, and offers it again to re-pick', async () => {
    const prefix = uniquePrefix('el-resume-gone');
    const name = `moved-${prefix.replace(/\W/g, '')}.bin`;
    opfsNames.push(name);
    const original = testFile(SIZE, { seed: 103 });
    const handle = await opfsHandle(name, original);
    const file = await handle.getFile();
    await interruptAfterThreeParts(prefix, (first) => first.addFiles([{ file, handle }]));
    await removeOpfsFile(name);

    const { el: second } = await mountAgain(prefix);
    el = second;
    const sentence = `${name} could not be opened; it may have been moved or changed. Choose or drop the file to continue.`;
    const announced = whenAnnounced(el, sentence);
    interruptedRows(el)[0]!.querySelector<HTMLButtonElement>('[data-action="resume"]')!.click();
    await announced;
    await el.updateComplete;
    const message = text(shadow(el).querySelector('[part~="message"]'));
    const stillListed = interruptedRows(el).length;
    const done = whenQueueDone(el);
    el.addFiles([new File([original], name, { lastModified: file.lastModified })]);
    await done;

    expect(message).to.equal(sentence);
    expect(stillListed).to.equal(1);
    expect(el.tasks[0]!.resumed).to.equal(true);
    await expectStored(prefix, new File([original], name));
  });

  it('discards an unfinished upload: aborts it on the storage, forgets it, and the file starts over', async () => {
    const prefix = uniquePrefix('el-discard');
    const file = testFile(SIZE, { seed: 104, name: 'draft.bin' });
    await interruptAfterThreeParts(prefix, (first) => first.addFiles([file]));
    const openBefore = (await openUploads('oss', prefix)).length;

    const { el: second } = await mountAgain(prefix);
    el = second;
    const emptied = nextEvent<InterruptedChangeEvent>(el, 'chunk-interrupted-change', (event) => event.detail.uploads.length === 0);
    const announced = whenAnnounced(el, 'The unfinished upload of draft.bin was discarded.');
    interruptedRows(el)[0]!.querySelector<HTMLButtonElement>('[data-action="discard"]')!.click();
    await emptied;
    await announced;
    const openAfter = await openUploads('oss', prefix);
    await el.updateComplete;
    const done = whenQueueDone(el);
    el.addFiles([file]);
    await done;

    expect(openBefore).to.equal(1);
    expect(openAfter).to.deep.equal([]);
    expect(interruptedRows(el)).to.deep.equal([]);
    expect(el.tasks[0]!.resumed, 'started over').to.equal(false);
    await expectStored(prefix, file);
  });

  it('shows a file another tab is uploading as such, with that tab\'s progress, and takes over when it goes away', async () => {
    const prefix = uniquePrefix('el-blocked');
    const file = testFile(SIZE, { seed: 105, name: 'shared.bin' });
    await addFault('oss', { op: 'UploadPart', action: 'delay', delayMs: 300, keyPrefix: prefix });
    const other = await engineFor(createOssProtocol(), prefix, { journalName: journalFor(prefix), partSize: PART, concurrency: 1 });
    const otherUploading = nextEvent(other, 'chunk-part-complete');
    other.add([file]);
    await otherUploading;
    el = await mountUploader(prefix, { 'part-size': String(PART) });
    const seenElsewhere = nextEvent<UploaderEventMap['chunk-upload-progress']>(el, 'chunk-upload-progress', (e) => (e.detail.task.elsewhere?.loaded ?? 0) > 0);

    el.addFiles([file]);
    await seenElsewhere;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await el.updateComplete;
    const state = text(row(el, 'shared.bin').querySelector('.state'));
    const valueNow = Number(row(el, 'shared.bin').querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow'));
    const actions = buttonsOf(row(el, 'shared.bin'));
    const violations = await axeViolations(el);
    await clearFaults('oss');
    const done = whenQueueDone(el);
    await other.destroy();
    const summary = (await done).detail;

    expect(state).to.match(/^Uploading in another tab, \d+%$/);
    expect(valueNow).to.be.greaterThan(0);
    expect(actions).to.deep.equal(['Cancel shared.bin']);
    expect(violations).to.deep.equal([]);
    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect(el.tasks[0]!.resumed, 'took over the other tab\'s upload').to.equal(true);
    await expectStored(prefix, file);
  });

  it('shows a notice, fires chunk-journal-fallback and still uploads when IndexedDB cannot be opened', async () => {
    const prefix = uniquePrefix('el-no-idb');
    const file = testFile(300 * KiB, { seed: 106 });
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function refuse(): IDBOpenDBRequest {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    let fallback: Promise<UploaderEventMap['chunk-journal-fallback']> | undefined;
    try {
      el = await mountUploader(prefix, {}, (e) => {
        fallback = nextEvent(e, 'chunk-journal-fallback');
      });
      const reason = (await fallback!).detail.reason;
      const done = whenQueueDone(el);
      el.addFiles([file]);
      const summary = (await done).detail;
      await el.updateComplete;

      expect(reason).to.equal('unavailable');
      expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
      expect(text(shadow(el).querySelector('[part~="notice"]'))).to.equal(
        'This browser does not let the page save upload progress, so uploads cannot continue after a reload or a crash. Keep this page open until they finish.',
      );
      expect(await axeViolations(el)).to.deep.equal([]);
      await expectStored(prefix, file);
    } finally {
      IDBFactory.prototype.open = open;
    }
  });

  it('shows no notice when the page chose persist: false', async () => {
    const prefix = uniquePrefix('el-no-persist');
    const file = testFile(1000, { seed: 107 });
    el = await mountUploader(prefix, {}, (e) => {
      e.options = { ...e.options, persist: false };
    });
    const done = whenQueueDone(el);

    el.addFiles([file]);
    await done;
    await el.updateComplete;

    expect(await el.uploader!.persistent()).to.equal(false);
    expect(shadow(el).querySelector('[part~="notice"]')).to.equal(null);
    await expectStored(prefix, file);
  });

  itWithHandles('speaks Chinese in the list and has no axe violations in either language', async () => {
    const prefix = uniquePrefix('el-resume-zh');
    const name = `报告-${prefix.replace(/\W/g, '')}.bin`;
    opfsNames.push(name);
    const handle = await opfsHandle(name, testFile(SIZE, { seed: 108 }));
    const file = await handle.getFile();
    await interruptAfterThreeParts(prefix, (first) => first.addFiles([{ file, handle }]));

    const { el: second } = await mountAgain(prefix);
    el = second;
    const english = await axeViolations(el);
    el.lang = 'zh-CN';
    await el.updateComplete;
    const [entry] = interruptedRows(el);
    const chinese = await axeViolations(el);
    const title = text(shadow(el).querySelector('.interrupted-title'));
    const state = text(entry!.querySelector('.state'));
    const labels = buttonsOf(entry!);
    const done = whenQueueDone(el);
    entry!.querySelector<HTMLButtonElement>('[data-action="resume"]')!.click();
    await done;

    expect(english).to.deep.equal([]);
    expect(chinese).to.deep.equal([]);
    expect(title).to.equal('未完成的上传');
    expect(state).to.match(/^已上传 \d+%，刚刚中断$/);
    expect(labels).to.deep.equal([`继续 ${name}`, `放弃 ${name} 的未完成上传`]);
    await expectStored(prefix, file);
  });
});

describe('<chunk-uploader> · engine resume without the element', () => {
  itWithHandles('a fresh engine lists the upload and resumeInterrupted() continues it from the stored handle', async () => {
    const prefix = uniquePrefix('eng-resume-handle');
    const name = `engine-${prefix.replace(/\W/g, '')}.bin`;
    const handle = await opfsHandle(name, testFile(SIZE, { seed: 109 }));
    const file = await handle.getFile();
    const options = { journalName: journalFor(prefix), partSize: PART, concurrency: 2 };
    await addFault('oss', { op: 'UploadPart', action: 'delay', delayMs: 150, keyPrefix: prefix });
    const first = await engineFor(createOssProtocol(), prefix, options);
    const acked = nextEvent(first, 'chunk-part-complete');
    first.add([{ file, handle }]);
    await acked;
    await first.destroy();
    await clearFaults('oss');

    const second = await engineFor(createOssProtocol(), prefix, options);
    const listed = await second.interrupted();
    const task = await second.resumeInterrupted(listed[0]!.fingerprint);
    const summary = await queueDone(second);

    expect(listed.map((upload) => [upload.name, upload.size, upload.hasHandle, upload.activeElsewhere])).to.deep.equal([[name, SIZE, true, false]]);
    expect(task?.name).to.equal(name);
    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect(second.tasks[0]!.resumed).to.equal(true);
    expect(await second.interrupted()).to.deep.equal([]);
    await expectStored(prefix, file);
    await removeOpfsFile(name);
  });
});
