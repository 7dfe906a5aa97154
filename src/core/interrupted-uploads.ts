import type { JournalHolder } from './journal-holder.js';
import { describe, heldElsewhere, inScope, type InterruptedUpload } from './journal-maintenance.js';

/** A file with the handle it came from (drag and drop or showOpenFilePicker, in Chromium). */
export interface FileWithHandle {
  readonly file: File;
  readonly handle: FileSystemFileHandle;
}

export function isFileWithHandle(item: File | FileWithHandle): item is FileWithHandle {
  return !(item instanceof Blob);
}

/** Unfinished journal entries for this provider and backend, newest first, not counting files this engine is uploading. */
export async function listInterrupted(
  holder: JournalHolder,
  provider: string,
  scope: string,
  active: ReadonlySet<string | undefined>,
): Promise<readonly InterruptedUpload[]> {
  const held = await heldElsewhere();
  const entries = await holder.run((journal) => journal.list());
  return entries
    .filter((entry) => entry.result === undefined && inScope(entry, provider, scope) && !active.has(entry.fingerprint))
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .map((entry) => describe(entry, held));
}

/** The file an interrupted upload's stored handle opens, after asking for permission to read it again. */
export async function reopenStoredFile(holder: JournalHolder, fingerprint: string): Promise<FileWithHandle | undefined> {
  const entry = await holder.run((journal) => journal.get(fingerprint));
  const handle = entry?.handle;
  if (handle === undefined) return undefined;
  const withPermission = handle as FileSystemFileHandle & {
    queryPermission?(options: { mode: 'read' }): Promise<PermissionState>;
    requestPermission?(options: { mode: 'read' }): Promise<PermissionState>;
  };
  let permission = (await withPermission.queryPermission?.({ mode: 'read' })) ?? 'granted';
  if (permission === 'prompt') permission = (await withPermission.requestPermission?.({ mode: 'read' })) ?? 'denied';
  if (permission !== 'granted') return undefined;
  return { file: await handle.getFile(), handle };
}
