import { createStore, entries, set } from 'idb-keyval';
import '../../../src/chunk-uploader.js';
import type { UploaderEventMap } from '../../../src/core/events.js';
import type { InterruptedChangeEvent } from '../../../src/element/interrupted-change-event.js';
import type { E2eApi, PageEvent } from './api.js';

/**
 * The end-to-end page: one `<chunk-uploader>` configured from the query string
 * (`provider`, `endpoint`, `prefix` for object keys, `part-size`, `concurrency`, `journal`,
 * and optionally `stall-ms`, `max-age-ms`, `lang`, `file-md5`, `chunk-size`), plus `globalThis.e2e` for the Node side.
 * With `mount=no` the element stays out of the document (it neither prunes nor lists), so a
 * test can change the journal before an element starts on it.
 */
const query = new URLSearchParams(location.search);
const journalName = query.get('journal') ?? 'chunk-uploader';
const prefix = query.get('prefix') ?? 'e2e/';
const events: PageEvent[] = [];
let listed = false;

const el = document.createElement('chunk-uploader');
el.setAttribute('provider', query.get('provider') ?? 'oss');
el.setAttribute('endpoint', query.get('endpoint') ?? '');
for (const name of ['part-size', 'concurrency', 'lang', 'file-md5', 'chunk-size']) {
  const value = query.get(name);
  if (value !== null) el.setAttribute(name, value);
}
el.objectKey = (file) => `${prefix}${file.name}`;
const stallMs = query.get('stall-ms');
const maxAgeMs = query.get('max-age-ms');
el.options = {
  journalName,
  retry: { baseDelayMs: 100, maxDelayMs: 1000 },
  ...(stallMs === null ? {} : { stallTimeoutMs: Number(stallMs) }),
  ...(maxAgeMs === null ? {} : { journalMaxAgeMs: Number(maxAgeMs) }),
};

const record = (event: PageEvent): void => {
  events.push({ ...event, at: Date.now() });
};
el.addEventListener('chunk-upload-state', (event: UploaderEventMap['chunk-upload-state']) =>
  record({ type: event.type, at: 0, name: event.detail.task.name, to: event.detail.to }),
);
el.addEventListener('chunk-upload-success', (event: UploaderEventMap['chunk-upload-success']) =>
  record({ type: event.type, at: 0, name: event.detail.task.name, ...(event.detail.result.fileMd5 === undefined ? {} : { to: event.detail.result.fileMd5 }) }),
);
el.addEventListener('chunk-upload-error', (event: UploaderEventMap['chunk-upload-error']) =>
  record({ type: event.type, at: 0, name: event.detail.task.name, to: event.detail.error.message }),
);
el.addEventListener('chunk-journal-fallback', (event: UploaderEventMap['chunk-journal-fallback']) =>
  record({ type: event.type, at: 0, to: event.detail.reason }),
);
el.addEventListener('chunk-interrupted-change', (event: InterruptedChangeEvent) => {
  listed = true;
  record({ type: event.type, at: 0, count: event.detail.uploads.length });
});
if (query.get('mount') !== 'no') document.querySelector('#app')?.append(el);

function partText(part: string): string {
  return el.shadowRoot?.querySelector(`[part~="${part}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

async function dropFromSeed(name: string): Promise<void> {
  const seed = document.querySelector<HTMLInputElement>('#seed')?.files?.[0];
  if (seed === undefined) throw new Error('no file in #seed');
  const root = await navigator.storage.getDirectory();
  const handle = await root.getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  await writable.write(seed);
  await writable.close();
  const file = await handle.getFile();
  const zone = el.shadowRoot?.querySelector('[part~="drop-zone"]');
  if (zone === null || zone === undefined) throw new Error('no drop zone');
  // A real OS drag cannot be scripted, and a script cannot put handles into a DataTransfer:
  // the drop carries a stand-in of the same shape, read by the element's own drop code.
  const item = { kind: 'file', type: file.type, getAsFile: () => file, getAsFileSystemHandle: () => Promise.resolve(handle) };
  const drop = new DragEvent('drop', { bubbles: true, cancelable: true, composed: true });
  Object.defineProperty(drop, 'dataTransfer', { value: { files: [file], items: [item], dropEffect: 'none' } });
  zone.dispatchEvent(drop);
}

const journalStore = () => createStore(journalName, 'journal');

interface StoredEntry {
  readonly fingerprint?: string;
  readonly name?: string;
  readonly updatedAt?: number;
}

async function journal(): Promise<{ fingerprint: string; name: string; updatedAt: number }[]> {
  const all = await entries<string, StoredEntry>(journalStore());
  return all
    .filter(([key]) => key !== '__probe__')
    .map(([, entry]) => ({ fingerprint: entry.fingerprint ?? '', name: entry.name ?? '', updatedAt: entry.updatedAt ?? 0 }));
}

async function ageJournal(ms: number, name?: string): Promise<number> {
  const store = journalStore();
  const all = (await entries<string, StoredEntry>(store)).filter(([key, entry]) => key !== '__probe__' && (name === undefined || entry.name === name));
  for (const [key, entry] of all) await set(key, { ...entry, updatedAt: (entry.updatedAt ?? Date.now()) - ms }, store);
  return all.length;
}

const api: E2eApi = {
  get listed() {
    return listed;
  },
  events,
  tasks: () =>
    el.tasks.map((task) => ({
      id: task.id,
      name: task.name,
      size: task.size,
      state: task.state,
      loaded: task.loaded,
      resumed: task.resumed,
      elsewhere: task.elsewhere,
    })),
  interrupted: () =>
    el.interrupted.map((upload) => ({
      fingerprint: upload.fingerprint,
      name: upload.name,
      size: upload.size,
      loaded: upload.loaded,
      hasHandle: upload.hasHandle,
      activeElsewhere: upload.activeElsewhere,
    })),
  notice: () => partText('notice'),
  message: () => partText('message'),
  dropFromSeed,
  ageJournal,
  journal,
};
Object.assign(globalThis, { e2e: api });
