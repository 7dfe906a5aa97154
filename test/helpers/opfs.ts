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
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(name).catch(() => undefined);
}
