import type { IncomingFile } from './file-intake.js';

/**
 * A file's path inside the folder it came in ("photos/2024/a.jpg"), or "" for a file given on
 * its own. Files from a `directory` pick carry it as `webkitRelativePath`; files from a dropped
 * folder are given the same property here, so `objectKey(file)` reads one field for both.
 */
export function relativePathOf(file: File): string {
  return file.webkitRelativePath ?? '';
}

function withPath(file: File, path: string): File {
  Object.defineProperty(file, 'webkitRelativePath', { value: path, configurable: true });
  return file;
}

function isDirectoryHandle(handle: FileSystemHandle): handle is FileSystemDirectoryHandle {
  return handle.kind === 'directory';
}

/** The parts of FileSystemDirectoryHandle's async iteration we use (not in TypeScript's DOM lib yet). */
interface IterableDirectory {
  values(): AsyncIterable<FileSystemHandle>;
}

/** Every file under a directory handle, depth first, each with its handle and relative path. */
export async function walkDirectoryHandle(directory: FileSystemDirectoryHandle, prefix = `${directory.name}/`): Promise<IncomingFile[]> {
  const found: IncomingFile[] = [];
  const children: FileSystemHandle[] = [];
  for await (const child of (directory as unknown as IterableDirectory).values()) children.push(child);
  children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const child of children) {
    if (isDirectoryHandle(child)) found.push(...(await walkDirectoryHandle(child, `${prefix}${child.name}/`)));
    else {
      const handle = child as FileSystemFileHandle;
      found.push({ file: withPath(await handle.getFile(), `${prefix}${handle.name}`), handle });
    }
  }
  return found;
}

/** Every entry of a directory reader: readEntries() answers in batches until one is empty. */
async function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/** Every file under a dropped entry (browsers without handles), with its relative path. */
export async function walkEntry(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [withPath(file, entry.fullPath.replace(/^\//, ''))];
  }
  const entries = await readAll((entry as FileSystemDirectoryEntry).createReader());
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: File[] = [];
  for (const child of entries) files.push(...(await walkEntry(child)));
  return files;
}
