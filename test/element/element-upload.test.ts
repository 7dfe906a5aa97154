import { expect } from '@esm-bundle/chai';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { fileInput, mountUploader, shadow, transferOf, whenQueueDone } from '../helpers/element.js';
import { KiB, md5Hex, MiB, testFile } from '../helpers/files.js';
import { storedObject, uniquePrefix } from '../helpers/servers.js';

const SIZES = [0, 1, 100 * KiB - 1, 9 * MiB + 17];

async function expectStored(prefix: string, files: readonly File[]): Promise<void> {
  for (const file of files) {
    const stored = await storedObject('oss', `${prefix}${file.name}`);
    expect(stored, file.name).to.not.equal(null);
    expect(stored!.size, file.name).to.equal(file.size);
    expect(stored!.md5, file.name).to.equal(await md5Hex(file));
  }
}

describe('<chunk-uploader> · uploading through the element', () => {
  let el: ChunkUploader | undefined;

  afterEach(() => {
    el?.remove();
  });

  it('uploads 0 B, 1 B, 100 KiB - 1 and 9 MiB + 17 B files given to addFiles(), the last in three parts', async () => {
    const prefix = uniquePrefix('el-add');
    const files = SIZES.map((size, i) => testFile(size, { seed: i + 11 }));
    el = await mountUploader(prefix, { multiple: '', 'part-size': '4MiB' });
    const done = whenQueueDone(el);

    const added = el.addFiles(files);
    const summary = (await done).detail;

    expect(added.map((task) => task.name)).to.deep.equal(files.map((file) => file.name));
    expect(summary).to.deep.equal({ succeeded: 4, failed: 0, canceled: 0 });
    expect(el.tasks.map((task) => task.state)).to.deep.equal(['done', 'done', 'done', 'done']);
    await expectStored(prefix, files);
  });

  it('uploads the same four files picked through its file input', async () => {
    const prefix = uniquePrefix('el-pick');
    const files = SIZES.map((size, i) => testFile(size, { seed: i + 21 }));
    el = await mountUploader(prefix, { multiple: '' });
    const input = fileInput(el);
    const done = whenQueueDone(el);

    input.files = transferOf(files).files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    const summary = (await done).detail;

    expect(summary).to.deep.equal({ succeeded: 4, failed: 0, canceled: 0 });
    expect(input.value).to.equal('');
    await expectStored(prefix, files);
  });

  it('uploads the same four files dropped on its drop zone', async () => {
    const prefix = uniquePrefix('el-drop');
    const files = SIZES.map((size, i) => testFile(size, { seed: i + 31 }));
    el = await mountUploader(prefix, { multiple: '' });
    const zone = shadow(el).querySelector('[part~="drop-zone"]')!;
    const dataTransfer = transferOf(files);
    const done = whenQueueDone(el);

    const over = new DragEvent('dragenter', { bubbles: true, cancelable: true, composed: true, dataTransfer });
    zone.dispatchEvent(over);
    await el.updateComplete;
    const highlighted = el.hasAttribute('drag-over');
    const dropped = zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, composed: true, dataTransfer }));
    const summary = (await done).detail;

    expect(over.defaultPrevented, 'dragenter claimed').to.equal(true);
    expect(highlighted, 'drag-over while dragging').to.equal(true);
    expect(dropped, 'drop claimed, so the browser does not open the file').to.equal(false);
    expect(el.hasAttribute('drag-over')).to.equal(false);
    expect(summary).to.deep.equal({ succeeded: 4, failed: 0, canceled: 0 });
    await expectStored(prefix, files);
  });

  it('takes only the first of several dropped files when it is not multiple', async () => {
    const prefix = uniquePrefix('el-single');
    const files = [testFile(10, { seed: 41 }), testFile(20, { seed: 42 })];
    el = await mountUploader(prefix);
    const zone = shadow(el).querySelector('[part~="drop-zone"]')!;
    const done = whenQueueDone(el);

    zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, composed: true, dataTransfer: transferOf(files) }));
    await done;

    expect(el.tasks.map((task) => task.name)).to.deep.equal([files[0]!.name]);
    await expectStored(prefix, [files[0]!]);
  });
});
