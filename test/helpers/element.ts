import '../../src/chunk-uploader.js';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import type { UploaderEventMap } from '../../src/core/events.js';
import type { TaskState } from '../../src/core/task-state.js';
import { nextEvent } from './events.js';
import { serverUrls } from './servers.js';

/**
 * A connected `<chunk-uploader>` pointed at the test signer, with object keys under `prefix`
 * and a journal of its own (`journalFor(prefix)`), so no test sees another's unfinished
 * uploads. `before` runs before it enters the document (to listen for first-render events).
 */
export async function mountUploader(
  prefix: string,
  attributes: Record<string, string> = {},
  before: (el: ChunkUploader) => void = () => undefined,
  parent: HTMLElement = document.body,
): Promise<ChunkUploader> {
  const urls = await serverUrls();
  const el = document.createElement('chunk-uploader');
  el.setAttribute('provider', 'oss');
  el.setAttribute('endpoint', `${urls.signer}/oss`);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.objectKey = (file) => `${prefix}${file.name}`;
  // The element tests script storage faults on parts (`UploadPart`) of small files: they send
  // every file in parts. One request per small file is tested in test/engine/single-request.test.ts.
  el.options = { retry: { baseDelayMs: 50, maxDelayMs: 500 }, journalName: journalFor(prefix), singleRequestMax: 0 };
  before(el);
  parent.append(el);
  await el.updateComplete;
  return el;
}

export function shadow(el: ChunkUploader): ShadowRoot {
  if (el.shadowRoot === null) throw new Error('no shadow root');
  return el.shadowRoot;
}

export function fileInput(el: ChunkUploader): HTMLInputElement {
  const input = shadow(el).querySelector<HTMLInputElement>('input[type="file"]');
  if (input === null) throw new Error('no file input');
  return input;
}

export function pickButton(el: ChunkUploader): HTMLButtonElement {
  const button = shadow(el).querySelector<HTMLButtonElement>('[part~="drop-zone"] button');
  if (button === null) throw new Error('no picker button');
  return button;
}

/** The row of the file with this name. */
export function row(el: ChunkUploader, name: string): HTMLElement {
  const found = [...shadow(el).querySelectorAll<HTMLElement>('[part~="file"]')].find(
    (li) => li.querySelector('.name')?.textContent === name,
  );
  if (found === undefined) throw new Error(`no row for ${name}`);
  return found;
}

export function rowButton(el: ChunkUploader, name: string, action: string): HTMLButtonElement {
  const button = row(el, name).querySelector<HTMLButtonElement>(`[part~="button"][data-action="${action}"]`);
  if (button === null) throw new Error(`no ${action} button for ${name}`);
  return button;
}

export function messageText(el: ChunkUploader): string {
  return shadow(el).querySelector('[part~="message"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** Resolves when the file with this name reaches `state`. */
export function whenState(el: ChunkUploader, name: string, state: TaskState): Promise<UploaderEventMap['chunk-upload-state']> {
  return nextEvent<UploaderEventMap['chunk-upload-state']>(
    el,
    'chunk-upload-state',
    (event) => event.detail.task.name === name && event.detail.to === state,
  );
}

export function whenQueueDone(el: ChunkUploader): Promise<UploaderEventMap['chunk-queue-complete']> {
  return nextEvent<UploaderEventMap['chunk-queue-complete']>(el, 'chunk-queue-complete');
}

/** A DataTransfer holding files, as the browser builds one for a drop or a pick. */
export function transferOf(files: readonly File[]): DataTransfer {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  return transfer;
}

/** The journal database of the elements and engines a test makes under `prefix`. */
export function journalFor(prefix: string): string {
  return `journal-${prefix.replace(/\W/g, '')}`;
}

/** The element's list of unfinished uploads (empty when it shows none). */
export function interruptedRows(el: ChunkUploader): HTMLElement[] {
  return [...shadow(el).querySelectorAll<HTMLElement>('[part~="interrupted-file"]')];
}

/**
 * Drops files on the element's drop zone as Chromium does, each item answering
 * `getAsFileSystemHandle()` with its handle. Scripts cannot make a DataTransfer whose items
 * hold handles, so the event carries a stand-in with the same shape; the element's own drop
 * code reads it.
 */
export function dropWithHandles(el: ChunkUploader, entries: readonly { file: File; handle: FileSystemFileHandle }[]): void {
  const zone = shadow(el).querySelector('[part~="drop-zone"]');
  if (zone === null) throw new Error('no drop zone');
  const items = entries.map(({ file, handle }) => ({
    kind: 'file',
    type: file.type,
    getAsFile: () => file,
    getAsFileSystemHandle: () => Promise.resolve(handle),
  }));
  const event = new DragEvent('drop', { bubbles: true, cancelable: true, composed: true });
  Object.defineProperty(event, 'dataTransfer', { value: { files: entries.map((entry) => entry.file), items, dropEffect: 'none' } });
  zone.dispatchEvent(event);
}

/** Resolves once the element's polite live region has said `sentence`. */
export function whenAnnounced(el: ChunkUploader, sentence: string, timeoutMs = 120_000): Promise<void> {
  const region = shadow(el).querySelector('[aria-live]');
  if (region === null) throw new Error('no live region');
  const said = (): boolean => [...region.querySelectorAll('p')].some((p) => p.textContent === sentence);
  return new Promise((resolve, reject) => {
    if (said()) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`"${sentence}" was not announced within ${timeoutMs} ms`));
    }, timeoutMs);
    const observer = new MutationObserver(() => {
      if (!said()) return;
      clearTimeout(timer);
      observer.disconnect();
      resolve();
    });
    observer.observe(region, { childList: true, subtree: true, characterData: true });
  });
}
