import type { JsonValue } from '../contracts/json.js';
import type { PartRecord, Session, UploadResult } from '../contracts/protocol.js';
import { JOURNAL_SCHEMA, type JournalEntry } from '../persist/journal.js';
import { scrub } from '../persist/scrub.js';
import type { JournalHolder } from './journal-holder.js';

/**
 * One task's journal entry. Completions and checkpoints are buffered and merged into the
 * stored entry by a read-modify-write, at most four times a second, at the engine's journal tick
 * (every file's at once, so they share a transaction). The
 * task keeps its own copy as the base, so a switch to the memory journal loses nothing.
 */
export class TaskJournal {
  readonly fingerprint: string;
  #holder: JournalHolder;
  #entry: JournalEntry;
  #parts = new Map<number, PartRecord>();
  #checkpoints = new Map<number, JsonValue | undefined>();
  /** Parts to remove from the stored entry at the next write. */
  #forgotten = new Set<number>();
  /** Waiting for the engine's journal tick. */
  #due = false;
  #writing: Promise<void> = Promise.resolve();
  #closed = false;
  /** Writes queued or running. */
  #writes = 0;
  #flushAfterWrite = false;

  constructor(holder: JournalHolder, entry: JournalEntry) {
    this.#holder = holder;
    this.#entry = entry;
    this.fingerprint = entry.fingerprint;
  }

  /** Writes the entry as it stands now (a new session, or a session taken over). */
  open(): Promise<void> {
    const entry = clean(this.#entry);
    this.#holder.noteUnfinished(entry);
    return this.#enqueue(() => this.#holder.run((journal) => journal.put(entry)));
  }

  part(index: number, record: PartRecord): void {
    this.#parts.set(index, record);
    this.#forgotten.delete(index);
    this.#checkpoints.set(index, undefined);
    this.#schedule();
  }

  /**
   * In-part progress (a Qiniu ctx) is written at once, not a window later: a ctx is good for
   * the next chunk only, so a journaled ctx that lags the server's makes the part start over.
   * While a write runs, the next one waits for it and takes every checkpoint that came meanwhile.
   */
  checkpoint(index: number, state: JsonValue): void {
    this.#checkpoints.set(index, state);
    if (this.#closed) return;
    if (this.#writes > 0) {
      this.#flushAfterWrite = true;
      return;
    }
    void this.flush();
  }

  /** Forgets parts found not to be on the server or not to match the file. */
  forget(indices: Iterable<number>): void {
    for (const index of indices) {
      this.#parts.delete(index);
      this.#forgotten.add(index);
      this.#checkpoints.set(index, undefined);
      const { [String(index)]: _dropped, ...rest } = this.#entry.parts;
      this.#entry = { ...this.#entry, parts: rest };
    }
    this.#schedule();
  }

  /** Writes whatever is buffered now. */
  flush(): Promise<void> {
    this.#notDue();
    if (this.#parts.size === 0 && this.#checkpoints.size === 0 && this.#forgotten.size === 0) return this.#writing;
    const change: Change = { parts: new Map(this.#parts), checkpoints: new Map(this.#checkpoints), forgotten: new Set(this.#forgotten) };
    this.#parts.clear();
    this.#checkpoints.clear();
    this.#forgotten.clear();
    this.#entry = merge(this.#entry, change);
    const base = this.#entry;
    // Note: the stored entry is the base of the merge (another write may have landed), so a
    // forgotten part must be removed from it too, or a reload would resume from it again.
    return this.#enqueue(() => this.#holder.run((journal) => journal.update(this.fingerprint, (stored) => clean(merge(stored ?? base, change)))));
  }

  /**
   * The upload finished: the entry keeps only the result, so a tab that waited on this file
   * can report the same success instead of uploading again. Pruning removes it later.
   */
  async finish(result: UploadResult): Promise<void> {
    this.#closed = true;
    this.#notDue();
    const done: JournalEntry = { ...this.#entry, parts: {}, checkpoints: {}, result, updatedAt: Date.now() };
    this.#entry = done;
    this.#holder.noteGone(done);
    await this.#enqueue(() => this.#holder.run((journal) => journal.put(clean(done))));
  }

  /** The upload was canceled or its session replaced: nothing of it should be resumed. */
  async drop(): Promise<void> {
    this.#closed = true;
    this.#notDue();
    this.#parts.clear();
    this.#checkpoints.clear();
    this.#forgotten.clear();
    this.#holder.noteGone(this.#entry);
    await this.#enqueue(() => this.#holder.run((journal) => journal.remove(this.fingerprint)));
  }

  #schedule(): void {
    if (this.#closed || this.#due) return;
    this.#due = true;
    this.#holder.flushSoon(this.#onTick);
  }

  readonly #onTick = (): void => {
    this.#due = false;
    void this.flush();
  };

  #notDue(): void {
    if (!this.#due) return;
    this.#due = false;
    this.#holder.cancelFlush(this.#onTick);
  }

  #enqueue(write: () => Promise<void>): Promise<void> {
    this.#writes += 1;
    // Note: a failed write must not stop later ones; the holder has already fallen back.
    this.#writing = this.#writing
      .then(write)
      .catch(() => undefined)
      .finally(() => {
        this.#writes -= 1;
        if (this.#writes > 0 || !this.#flushAfterWrite || this.#closed) return;
        this.#flushAfterWrite = false;
        void this.flush();
      });
    return this.#writing;
  }
}

interface Change {
  readonly parts: ReadonlyMap<number, PartRecord>;
  readonly checkpoints: ReadonlyMap<number, JsonValue | undefined>;
  readonly forgotten: ReadonlySet<number>;
}

function merge(entry: JournalEntry, { parts, checkpoints, forgotten }: Change): JournalEntry {
  const nextParts: Record<string, PartRecord> = { ...entry.parts };
  for (const index of forgotten) delete nextParts[String(index)];
  for (const [index, record] of parts) nextParts[String(index)] = record;
  const nextCheckpoints: Record<string, JsonValue> = { ...entry.checkpoints };
  for (const [index, state] of checkpoints) {
    if (state === undefined) delete nextCheckpoints[String(index)];
    else nextCheckpoints[String(index)] = state;
  }
  return { ...entry, parts: nextParts, checkpoints: nextCheckpoints, updatedAt: Date.now() };
}

/** Scrubs every adapter-provided value: no query strings, no expired secrets in storage. */
function clean(entry: JournalEntry): JournalEntry {
  const now = Date.now();
  const session = scrub(entry.session as unknown as JsonValue, now) as unknown as JournalEntry['session'];
  const parts = scrub(entry.parts as unknown as JsonValue, now) as unknown as JournalEntry['parts'];
  const checkpoints = scrub(entry.checkpoints as unknown as JsonValue, now) as unknown as JournalEntry['checkpoints'];
  const result = entry.result === undefined ? undefined : (scrub(entry.result as unknown as JsonValue, now) as unknown as JournalEntry['result']);
  return { ...entry, session, parts, checkpoints, ...(result === undefined ? {} : { result }) };
}

/** A fresh entry for a session, carrying over what a taken-over entry already recorded. */
export function journalEntry(
  scope: { readonly fingerprint: string; readonly identity: string; readonly provider: string; readonly endpoint: string },
  file: File,
  session: Session,
  previous: JournalEntry | undefined,
  handle: FileSystemFileHandle | undefined,
): JournalEntry {
  const now = Date.now();
  const kept = handle ?? previous?.handle;
  return {
    schema: JOURNAL_SCHEMA,
    ...scope,
    name: file.name,
    size: file.size,
    type: file.type,
    lastModified: file.lastModified,
    session,
    parts: previous?.parts ?? {},
    checkpoints: previous?.checkpoints ?? {},
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
    ...(kept === undefined ? {} : { handle: kept }),
  };
}
