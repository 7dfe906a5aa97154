import { expect } from '@esm-bundle/chai';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { fileInput, interruptedRows, mountUploader, pickButton, whenQueueDone } from '../helpers/element.js';
import { testFile } from '../helpers/files.js';
import { itWithHandles, opfsHandle, removeOpfsFile } from '../helpers/opfs.js';
import { recordingPicker, withPicker, type FakePicker } from '../helpers/picker.js';
import { buttonsOf, expectStored, interruptAfterThreeParts, mountAgain, SIZE } from '../helpers/resume.js';
import { clearFaults, uniquePrefix } from '../helpers/servers.js';

/** Counts clicks on the element's file input without opening a dialog. */
function countInputClicks(el: ChunkUploader): Event[] {
  const clicks: Event[] = [];
  fileInput(el).addEventListener('click', (event) => {
    clicks.push(event);
    event.preventDefault();
  });
  return clicks;
}

describe('<chunk-uploader> · file picker with handles', () => {
  let el: ChunkUploader | undefined;
  const opfsNames: string[] = [];

  afterEach(async () => {
    el?.remove();
    await clearFaults('oss');
    for (const name of opfsNames.splice(0)) await removeOpfsFile(name);
  });

  itWithHandles('picks through showOpenFilePicker with accept\'s MIME types, and a picked file resumes with one click after a reload', async () => {
    const prefix = uniquePrefix('el-picker');
    const name = `picked-${prefix.replace(/\W/g, '')}.bin`;
    opfsNames.push(name);
    const handle = await opfsHandle(name, testFile(SIZE, { seed: 121 }));
    const file = await handle.getFile();
    const { picker, calls } = recordingPicker([handle]);

    await withPicker(picker, () =>
      interruptAfterThreeParts(prefix, (first) => {
        first.accept = 'application/octet-stream, video/*';
        void first.updateComplete.then(() => pickButton(first).click());
      }),
    );
    const { el: second } = await mountAgain(prefix);
    el = second;
    const [entry] = interruptedRows(el);
    const labels = buttonsOf(entry!);
    const done = whenQueueDone(el);
    entry!.querySelector<HTMLButtonElement>('[data-action="resume"]')!.click();
    const summary = (await done).detail;

    expect(calls).to.deep.equal([
      { multiple: false, types: [{ accept: { 'application/octet-stream': [], 'video/*': [] } }], excludeAcceptAllOption: true },
    ]);
    expect(labels).to.deep.equal([`Resume ${name}`, `Discard the unfinished upload of ${name}`]);
    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect(el.tasks[0]!.resumed).to.equal(true);
    await expectStored(prefix, file);
  });

  it('uses the file input where accept names extensions, which the handle picker cannot take as they are', async () => {
    el = await mountUploader(uniquePrefix('el-picker-ext'), { accept: '.bin,video/*' });
    const clicks = countInputClicks(el);
    const { picker, calls } = recordingPicker([]);

    await withPicker(picker, async () => pickButton(el!).click());

    expect(calls).to.deep.equal([]);
    expect(clicks).to.have.length(1);
  });

  it('falls back to the file input when the handle picker is refused', async () => {
    el = await mountUploader(uniquePrefix('el-picker-refused'));
    const clicks = countInputClicks(el);
    let refuse: () => void = () => undefined;
    const refused = new Promise<void>((resolve) => (refuse = resolve));
    const picker: FakePicker = () => {
      refuse();
      return Promise.reject(new DOMException('Must be handling a user gesture to show a file picker.', 'SecurityError'));
    };

    await withPicker(picker, async () => {
      pickButton(el!).click();
      await refused;
      await new Promise((resolve) => setTimeout(resolve, 0));
    });

    expect(clicks).to.have.length(1);
  });
});
