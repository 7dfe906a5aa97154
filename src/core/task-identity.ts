import type { Hasher } from '../contracts/protocol.js';
import type { JournalEntry } from '../persist/journal.js';
import { fingerprintOf, type FileIdentity } from '../persist/fingerprint.js';
import { acquireTabLock, type HeldLock } from '../persist/tab-lock.js';
import type { JournalHolder } from './journal-holder.js';

export interface Identified {
  readonly identity: string;
  readonly fingerprint: string;
}

export interface Claimed {
  readonly lock: HeldLock;
  /** The journaled upload of this very file, if one exists. */
  readonly entry: JournalEntry | undefined;
  /** True when another tab held the file and this one waited for it. */
  readonly waited: boolean;
}

/** The file's identity and content fingerprint, for this target, backend and requested key. */
export function identify(
  file: File,
  provider: string,
  endpoint: string,
  key: string | undefined,
  hasher: Hasher,
  signal: AbortSignal,
): Promise<Identified> {
  const identity: FileIdentity = { provider, endpoint, key: key ?? '', name: file.name, size: file.size, lastModified: file.lastModified };
  return fingerprintOf(identity, hasher, signal);
}

/**
 * Takes this tab's claim on a file: the cross-tab lock (waiting, and calling `onWait`, while
 * another tab uploads it), then the journal entry. An older upload of a file with the same
 * name, size and date but other content is handed to `discard` (its server session aborted)
 * so it can never be resumed with these bytes.
 */
export async function claim(
  ids: Identified,
  holder: JournalHolder,
  signal: AbortSignal,
  onWait: () => void,
  discard: (stale: JournalEntry) => Promise<void>,
): Promise<Claimed> {
  let waited = false;
  const lock = await acquireTabLock(`chunk-uploader:${ids.fingerprint}`, signal, () => {
    waited = true;
    onWait();
  });
  try {
    const entry = await holder.run((journal) => journal.get(ids.fingerprint));
    if (entry === undefined) {
      // The engine's index, read once: a batch of new files costs one journal list, not one each.
      const stale = (await holder.unfinishedOf(ids.identity)).filter((other) => other.fingerprint !== ids.fingerprint);
      for (const old of stale) await discard(old);
    }
    return { lock, entry, waited };
  } catch (error) {
    lock.release();
    throw error;
  }
}
