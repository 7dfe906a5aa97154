import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { fileInput, mountUploader, pickButton, row, rowButton, shadow, whenState } from '../helpers/element.js';
import { nextEvent } from '../helpers/events.js';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { recordingPicker, withPicker } from '../helpers/picker.js';
import { addFault, clearFaults, storedObject, uniquePrefix } from '../helpers/servers.js';

/** The element inside whose shadow root focus sits. */
function focusedInShadow(el: ChunkUploader): Element | null {
  return shadow(el).activeElement;
}

describe('<chunk-uploader> · keyboard', () => {
  let el: ChunkUploader | undefined;

  afterEach(async () => {
    el?.remove();
    await clearFaults('oss');
  });

  it('opens the file input with Enter and with Space on the drop zone where there is no handle picker', async () => {
    el = await mountUploader(uniquePrefix('el-keys-pick'));
    const clicks: Event[] = [];
    fileInput(el).addEventListener('click', (event) => {
      clicks.push(event);
      // The test only checks the picker was asked for; no dialog should open.
      event.preventDefault();
    });

    await withPicker(undefined, async () => {
      pickButton(el!).focus();
      await sendKeys({ press: 'Enter' });
      await sendKeys({ press: 'Space' });
    });

    expect(focusedInShadow(el)).to.equal(pickButton(el));
    expect(clicks).to.have.length(2);
  });

  it('opens the File System Access picker with Enter and with Space where the browser has one', async () => {
    el = await mountUploader(uniquePrefix('el-keys-handles'), { multiple: '' });
    const inputClicks: Event[] = [];
    fileInput(el).addEventListener('click', (event) => {
      inputClicks.push(event);
      event.preventDefault();
    });
    const { picker, calls } = recordingPicker('closed');

    await withPicker(picker, async () => {
      pickButton(el!).focus();
      await sendKeys({ press: 'Enter' });
      await sendKeys({ press: 'Space' });
    });

    expect(calls).to.deep.equal([{ multiple: true }, { multiple: true }]);
    expect(inputClicks, 'closing the picker is not a failure to fall back from').to.have.length(0);
    expect(focusedInShadow(el)).to.equal(pickButton(el));
  });

  it('pauses and resumes an upload from its row with Tab and Enter, keeping focus on the row', async () => {
    const prefix = uniquePrefix('el-keys-pause');
    const file = testFile(2 * MiB + 5, { seed: 61 });
    await addFault('oss', { op: 'UploadPart', action: 'stall', keyPrefix: prefix, afterBytes: 0 });
    el = await mountUploader(prefix);
    const uploading = whenState(el, file.name, 'uploading');
    el.addFiles([file]);
    await uploading;
    await el.updateComplete;

    pickButton(el).focus();
    await sendKeys({ press: 'Tab' });
    const button = focusedInShadow(el) as HTMLButtonElement;
    const actionBefore = button.dataset.action;
    const paused = whenState(el, file.name, 'paused');
    await sendKeys({ press: 'Enter' });
    await paused;
    await el.updateComplete;
    const actionAfter = button.dataset.action;
    const focusKept = focusedInShadow(el) === button;
    await clearFaults('oss');
    const success = nextEvent(el, 'chunk-upload-success');
    await sendKeys({ press: 'Enter' });
    await success;
    await el.updateComplete;

    expect(actionBefore).to.equal('pause');
    expect(actionAfter).to.equal('resume');
    expect(focusKept, 'focus stays on the button, now labelled Resume').to.equal(true);
    expect(row(el, file.name).dataset.state).to.equal('done');
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('cancels an upload from its row with Tab and Space', async () => {
    const prefix = uniquePrefix('el-keys-cancel');
    const file = testFile(MiB, { seed: 62 });
    await addFault('oss', { op: 'UploadPart', action: 'stall', keyPrefix: prefix, afterBytes: 0 });
    el = await mountUploader(prefix);
    const uploading = whenState(el, file.name, 'uploading');
    el.addFiles([file]);
    await uploading;
    await el.updateComplete;

    pickButton(el).focus();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    const action = (focusedInShadow(el) as HTMLElement).dataset.action;
    const canceled = whenState(el, file.name, 'canceled');
    await sendKeys({ press: 'Space' });
    await canceled;
    await el.updateComplete;

    expect(action).to.equal('cancel');
    expect(row(el, file.name).dataset.state).to.equal('canceled');
    expect(rowButton(el, file.name, 'remove').textContent?.trim()).to.equal('Remove');
    expect(await storedObject('oss', `${prefix}${file.name}`)).to.equal(null);
  });
});
