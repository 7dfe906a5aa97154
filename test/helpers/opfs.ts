/**
 * Real FileSystemFileHandles for tests, from the origin private file system: readable without
 * a permission prompt, storable in IndexedDB, and gone when removed, like a moved file.
 */
export async function opfsHandle(name: string, content: Blob): Promise<FileSystemFileHandle> {
  const root = await navigator.storage.getDirectory();
  const handle = await root.getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  await writable.write(content);
  await writable.close();
  return handle;
}

export async function removeOpfsFile(name: string): Promise<void> {
  if (!hasOpfs) return;
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(name).catch(() => undefined);
}

/**
 * Whether this engine can make the handles above. WebKitGTK (Debian's, as tested) ships its
 * File System API switched off, so it has no origin private file system and no handle at all
 * (Safari has the former; no WebKit has a handle picker or handle drops).
 */
export const hasOpfs: boolean = typeof navigator.storage?.getDirectory === 'function';

/**
 * `it`, for a test that needs a real FileSystemFileHandle (opfsHandle): skipped, and named so,
 * in an engine without one. What such an engine does instead (no resume without the file, the
 * list asks for it again) is test/element/element-without-handles.test.ts, run in every engine.
 */
export function itWithHandles(title: string, body: () => Promise<void>): void {
  if (hasOpfs) it(title, body);
  // Skipped: no FileSystemFileHandle in this engine (Debian's WebKitGTK); the fallback is tested.
  else it.skip(`${title} [needs file-system handles, which this engine does not have]`, body);
}
