import { expect } from '@esm-bundle/chai';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { axeViolations } from '../helpers/axe.js';
import { browserEngine } from '../helpers/browser-engine.js';
import { fileInput, interruptedRows, shadow, transferOf, whenQueueDone } from '../helpers/element.js';
import { testFile } from '../helpers/files.js';
import { buttonsOf, expectStored, interruptAfterThreeParts, mountAgain, SIZE, text } from '../helpers/resume.js';
import { clearFaults, uniquePrefix } from '../helpers/servers.js';

/**
 * File-system handles (`showOpenFilePicker`, `DataTransferItem.getAsFileSystemHandle`) are
 * Chromium's alone. Where they are absent, a dropped or picked file has no handle to keep, so
 * the element must never offer to resume without the file, and its unfinished list must ask for
 * the file again. Firefox and WebKit are tested as they are (and asserted to lack the APIs, so
 * the day one ships them this test says so); Chromium with both removed for the test.
 */
const engine = browserEngine;

function withoutHandleApis(): () => void {
  const picker = Object.getOwnPropertyDescriptor(window, 'showOpenFilePicker');
  const dropHandle = Object.getOwnPropertyDescriptor(DataTransferItem.prototype, 'getAsFileSystemHandle');
  delete (window as { showOpenFilePicker?: unknown }).showOpenFilePicker;
  delete (DataTransferItem.prototype as { getAsFileSystemHandle?: unknown }).getAsFileSystemHandle;
  return () => {
    if (picker !== undefined) Object.defineProperty(window, 'showOpenFilePicker', picker);
    if (dropHandle !== undefined) Object.defineProperty(DataTransferItem.prototype, 'getAsFileSystemHandle', dropHandle);
  };
}

/** Drops files on the drop zone with the browser's own DataTransfer (no handles in it here). */
function dropFiles(el: ChunkUploader, files: readonly File[]): void {
  const zone = shadow(el).querySelector('[part~="drop-zone"]');
  if (zone === null) throw new Error('no drop zone');
  zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, composed: true, dataTransfer: transferOf(files) }));
}

describe('<chunk-uploader> · without file-system handles', () => {
  let el: ChunkUploader | undefined;
  let restore: () => void = () => undefined;

  beforeEach(() => {
    restore = withoutHandleApis();
  });
  afterEach(async () => {
    el?.remove();
    restore();
    await clearFaults('oss');
  });

  it(`${engine}: has no handle APIs of its own where it is not Chromium`, () => {
    restore();
    const native = {
      showOpenFilePicker: 'showOpenFilePicker' in window,
      getAsFileSystemHandle: 'getAsFileSystemHandle' in DataTransferItem.prototype,
    };
    const expected = engine === 'chromium';
    expect(native).to.deep.equal({ showOpenFilePicker: expected, getAsFileSystemHandle: expected });
  });

  for (const [how, give] of [
    ['dropped', (first: ChunkUploader, file: File) => dropFiles(first, [file])],
    ['picked', (first: ChunkUploader, file: File) => {
      const input = fileInput(first);
      input.files = transferOf([file]).files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }],
  ] as const) {
    it(`${engine}: a ${how} file's unfinished upload offers no resume without the file, asks for it again, and continues when it is given`, async () => {
      const prefix = uniquePrefix(`el-nohandle-${how}`);
      const file = testFile(SIZE, { seed: how === 'dropped' ? 141 : 142, name: `${how}.bin` });
      await interruptAfterThreeParts(prefix, (first) => give(first, file));

      const { el: second, first } = await mountAgain(prefix);
      el = second;
      const [entry] = interruptedRows(el);
      const offered = buttonsOf(entry!);
      const resumeButtons = entry!.querySelectorAll('[data-action="resume"]').length;
      const state = text(entry!.querySelector('.state'));
      const violations = await axeViolations(el);
      const done = whenQueueDone(el);
      dropFiles(el, [file]);
      const summary = (await done).detail;

      expect(first.detail.uploads.map((upload) => [upload.name, upload.hasHandle])).to.deep.equal([[`${how}.bin`, false]]);
      expect(resumeButtons, 'no Resume that would not need the file').to.equal(0);
      expect(offered).to.deep.equal([`Discard the unfinished upload of ${how}.bin`]);
      expect(state).to.match(/Choose or drop this file again to continue\.$/);
      expect(violations, 'axe, the list asking for the file').to.deep.equal([]);
      expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
      expect(el.tasks[0]!.resumed, 'continued the unfinished upload').to.equal(true);
      await expectStored(prefix, file);
    });
  }
});
