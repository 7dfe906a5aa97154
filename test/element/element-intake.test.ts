import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { fileInput, messageText, mountUploader, pickButton, shadow, transferOf, whenQueueDone } from '../helpers/element.js';
import { md5Hex, testFile } from '../helpers/files.js';
import { storedObject, uniquePrefix } from '../helpers/servers.js';
import { itExceptIn, itInChromium } from '../helpers/browser-engine.js';
import { itWithHandles } from '../helpers/opfs.js';

function pasteEvent(files: readonly File[]): ClipboardEvent {
  return new ClipboardEvent('paste', { bubbles: true, cancelable: true, composed: true, clipboardData: transferOf(files) });
}

async function expectStoredAt(key: string, file: File): Promise<void> {
  expect((await storedObject('oss', key))?.md5, key).to.equal(await md5Hex(file));
}

/** A folder in the origin private file system: `album/a.bin`, `album/sub/b.bin`, `album/sub/deep/c.bin`. */
async function opfsFolder(name: string, files: Record<string, Blob>): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(name, { recursive: true }).catch(() => undefined);
  const top = await root.getDirectoryHandle(name, { create: true });
  for (const [path, blob] of Object.entries(files)) {
    const parts = path.split('/');
    let dir = top;
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
    const writable = await (await dir.getFileHandle(parts.at(-1)!, { create: true })).createWritable();
    await writable.write(blob);
    await writable.close();
  }
  return top;
}

/** Drops a directory handle as Chromium does (the item answers getAsFileSystemHandle with it). */
function dropFolder(el: ChunkUploader, folder: FileSystemDirectoryHandle): void {
  const item = { kind: 'file', type: '', getAsFile: () => null, getAsFileSystemHandle: () => Promise.resolve(folder) };
  const event = new DragEvent('drop', { bubbles: true, cancelable: true, composed: true });
  Object.defineProperty(event, 'dataTransfer', { value: { files: [], items: [item], dropEffect: 'none' } });
  shadow(el).querySelector('[part~="drop-zone"]')!.dispatchEvent(event);
}

describe('<chunk-uploader> · intake: paste, folders, max-files', () => {
  let el: ChunkUploader | undefined;

  afterEach(() => {
    el?.remove();
  });

  itExceptIn(['firefox'], 'a synthetic paste event carries no file there (ClipboardEvent clipboardData from a script)', 'uploads files pasted while it has focus, and leaves a text paste alone', async () => {
    const prefix = uniquePrefix('el-paste');
    const files = [testFile(3000, { seed: 401, name: 'p1.png', type: 'image/png' }), testFile(4000, { seed: 402, name: 'p2.bin' })];
    el = await mountUploader(prefix, { multiple: '' });
    const done = whenQueueDone(el);

    pickButton(el).focus();
    const paste = pasteEvent(files);
    pickButton(el).dispatchEvent(paste);
    const text = new ClipboardEvent('paste', { bubbles: true, cancelable: true, composed: true, clipboardData: new DataTransfer() });
    pickButton(el).dispatchEvent(text);
    await done;

    expect(paste.defaultPrevented).to.equal(true);
    expect(text.defaultPrevented).to.equal(false);
    expect(el.tasks.map((task) => task.name)).to.deep.equal(['p1.png', 'p2.bin']);
    for (const file of files) await expectStoredAt(`${prefix}${file.name}`, file);
  });

  itExceptIn(['firefox'], 'a synthetic paste event carries no file there (ClipboardEvent clipboardData from a script)', 'takes pastes anywhere in the page with paste="document", one file at a time without multiple', async () => {
    const prefix = uniquePrefix('el-paste-doc');
    const files = [testFile(1000, { seed: 403, name: 'd1.bin' }), testFile(1000, { seed: 404, name: 'd2.bin' })];
    el = await mountUploader(prefix, { paste: 'document' });
    const done = whenQueueDone(el);

    document.body.dispatchEvent(pasteEvent(files));
    await done;

    expect(el.tasks.map((task) => task.name)).to.deep.equal(['d1.bin']);
    await expectStoredAt(`${prefix}d1.bin`, files[0]!);
  });

  itWithHandles('walks a dropped folder recursively and hands each file\'s relative path to objectKey', async () => {
    const prefix = uniquePrefix('el-folder-drop');
    const contents = { 'a.bin': testFile(1500, { seed: 405 }), 'sub/b.bin': testFile(2500, { seed: 406 }), 'sub/deep/c.bin': testFile(500, { seed: 407 }) };
    const folder = await opfsFolder('album', contents);
    el = await mountUploader(prefix, { multiple: '' });
    el.objectKey = (file) => `${prefix}${file.webkitRelativePath || file.name}`;
    const done = whenQueueDone(el);

    dropFolder(el, folder);
    const summary = (await done).detail;

    expect(summary).to.deep.equal({ succeeded: 3, failed: 0, canceled: 0 });
    expect(el.tasks.map((task) => task.key)).to.deep.equal(['album/a.bin', 'album/sub/b.bin', 'album/sub/deep/c.bin'].map((path) => `${prefix}${path}`));
    for (const [path, blob] of Object.entries(contents)) await expectStoredAt(`${prefix}album/${path}`, new File([blob], path));
  });

  itInChromium('picking a real folder through Playwright', 'picks a folder with the directory attribute, keeping the relative paths in the keys', async () => {
    const prefix = uniquePrefix('el-folder-pick');
    el = await mountUploader(prefix, { directory: '', multiple: '' });
    el.objectKey = (file) => `${prefix}${file.webkitRelativePath}`;
    const done = whenQueueDone(el);

    const md5 = await executeServerCommand<Record<string, string>, unknown>('pick-folder', {
      selector: 'chunk-uploader input[type="file"]',
      folder: 'trip',
      files: [
        { path: 'one.bin', size: 2048 },
        { path: 'day2/two.bin', size: 4096 },
      ],
    });
    await done;

    expect(fileInput(el).webkitdirectory).to.equal(true);
    expect(el.tasks.map((task) => task.key).sort()).to.deep.equal(Object.keys(md5!).map((path) => `${prefix}${path}`).sort());
    for (const [path, hash] of Object.entries(md5!)) expect((await storedObject('oss', `${prefix}${path}`))?.md5, path).to.equal(hash);
  });

  it('turns away files over max-files with a message, counting those already listed', async () => {
    const prefix = uniquePrefix('el-max-files');
    const files = [1, 2, 3, 4].map((n) => testFile(700 + n, { seed: 410 + n, name: `m${n}.bin` }));
    el = await mountUploader(prefix, { multiple: '', 'max-files': '3' });
    const done = whenQueueDone(el);

    const first = el.addFiles(files.slice(0, 2));
    const second = el.addFiles(files.slice(2));
    await el.updateComplete;
    const message = messageText(el);
    await done;

    expect(first).to.have.length(2);
    expect(second.map((task) => task.name)).to.deep.equal(['m3.bin']);
    expect(message).to.equal('1 file was turned away: this uploader takes at most 3 files.');
    expect(el.tasks.map((task) => task.name)).to.deep.equal(['m1.bin', 'm2.bin', 'm3.bin']);
    for (const file of files.slice(0, 3)) await expectStoredAt(`${prefix}${file.name}`, file);
    expect(await storedObject('oss', `${prefix}m4.bin`)).to.equal(null);
  });
});
