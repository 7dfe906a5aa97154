import { parseAccept } from '../core/options.js';
import type { FileWithHandle } from '../core/uploader.js';
import { walkDirectoryHandle, walkEntry } from './folder-intake.js';

/** A file as the user gave it: with the handle it came from when the browser offers one. */
export type IncomingFile = File | FileWithHandle;

/** The parts of a DataTransferItem we use; `getAsFileSystemHandle` exists in Chromium only. */
interface DroppedItem {
  readonly kind: string;
  getAsFile(): File | null;
  getAsFileSystemHandle?(): Promise<FileSystemHandle | null>;
  webkitGetAsEntry?(): FileSystemEntry | null;
}

/** The parts of a DataTransfer we use (a drop's, or a page's stand-in for one). */
export interface DroppedData {
  readonly files?: ArrayLike<File> | null;
  readonly items?: ArrayLike<DroppedItem> | null;
}

function isFileHandle(handle: FileSystemHandle | null | undefined): handle is FileSystemFileHandle {
  return handle !== null && handle !== undefined && handle.kind === 'file';
}

/**
 * The files of a drop, each with its file handle where the browser gives one (Chromium's
 * `getAsFileSystemHandle`), so an interrupted upload can later be re-opened with one click.
 * A dropped folder is walked recursively; its files carry their path inside it
 * (`webkitRelativePath`, "folder/sub/file.txt").
 *
 * Note: a drop's items are readable only while the drop event is being dispatched, so every
 * item is asked for its File, its handle and its entry synchronously, before the first await.
 */
export function readDrop(data: DroppedData | null | undefined): Promise<IncomingFile[]> {
  const items = Array.from(data?.items ?? []).filter((item) => item.kind === 'file');
  if (items.length === 0) return Promise.resolve(Array.from(data?.files ?? []));
  const taken = items.map((item) => ({
    file: item.getAsFile(),
    handle: (item.getAsFileSystemHandle?.() ?? Promise.resolve(null)).catch(() => null),
    entry: item.webkitGetAsEntry?.() ?? null,
  }));
  return Promise.all(
    taken.map(async ({ file, handle, entry }): Promise<IncomingFile[]> => {
      const found = await handle;
      if (found?.kind === 'directory') return walkDirectoryHandle(found as FileSystemDirectoryHandle);
      if (entry?.isDirectory === true) return walkEntry(entry);
      if (file === null) return [];
      return [isFileHandle(found) ? { file, handle: found } : file];
    }),
  ).then((lists) => lists.flat());
}

interface PickerType {
  readonly description?: string;
  readonly accept: Record<string, string[]>;
}

interface OpenFilePickerOptions {
  readonly multiple?: boolean;
  readonly types?: PickerType[];
  readonly excludeAcceptAllOption?: boolean;
}

type ShowOpenFilePicker = (options?: OpenFilePickerOptions) => Promise<FileSystemFileHandle[]>;

/**
 * The File System Access picker, when this page may use it with this `accept`: it exists
 * (Chromium), the page is top-level (a cross-origin frame is refused), and `accept` holds MIME
 * types only (the picker wants extensions filed under a MIME type; the input reads `.ext` as is).
 * Undefined means: use the `<input type=file>`.
 */
export function handlePicker(accept: string): ((multiple: boolean) => Promise<IncomingFile[]>) | undefined {
  const picker = (globalThis as { showOpenFilePicker?: ShowOpenFilePicker }).showOpenFilePicker;
  if (typeof picker !== 'function' || globalThis.top !== globalThis.self) return undefined;
  const list = parseAccept(accept);
  if (list.some((item) => !/^[a-z0-9!#$&^_.+-]+\/(\*|[a-z0-9!#$&^_.+-]+)$/.test(item))) return undefined;
  const types = list.length === 0 ? undefined : [{ accept: Object.fromEntries(list.map((type) => [type, []])) }];
  return async (multiple) => {
    const handles = await picker.call(globalThis, { multiple, ...(types === undefined ? {} : { types, excludeAcceptAllOption: true }) });
    return Promise.all(handles.map(async (handle) => ({ file: await handle.getFile(), handle })));
  };
}

/** The user closed the picker without choosing: not an error. */
export function isPickerCanceled(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
