import { MemoryJournal } from '../persist/memory-journal.js';
import type { Journal, JournalEntry } from '../persist/journal.js';

export type JournalFallbackReason = 'unavailable' | 'quota' | 'failed';

/** Part completions are written at most this often, even for a 10 000-part upload. */
export const JOURNAL_FLUSH_MS = 250;

/**
 * The Uploader's journal, with graceful degradation: if IndexedDB cannot be opened, or a write
 * fails (quota, private mode), uploads continue on an in-memory journal and the page is told
 * once. Nothing here throws at the caller.
 */
export class JournalHolder {
  #journal: Promise<Journal>;
  #fellBack = false;
  #onFallback: (reason: JournalFallbackReason) => void;

  constructor(open: () => Promise<Journal>, onFallback: (reason: JournalFallbackReason) => void) {
    this.#onFallback = onFallback;
    this.#journal = open().catch(() => this.#fallBack('unavailable'));
  }

  /**
   * Unfinished entries by file identity, read from the journal once per engine (when the first
   * new file asks) and kept up to date with what this engine writes. An entry another tab writes
   * later is missed here; `prune()` still finds it.
   */
  #unfinished: Promise<Map<string, Map<string, JournalEntry>>> | undefined;

  /** Unfinished uploads of files with this identity (name, size, date, target, key). */
  async unfinishedOf(identity: string): Promise<readonly JournalEntry[]> {
    this.#unfinished ??= this.run((journal) => journal.list()).then((entries) => {
      const index = new Map<string, Map<string, JournalEntry>>();
      for (const entry of entries) if (entry.result === undefined) this.#add(index, entry);
      return index;
    });
    return [...((await this.#unfinished).get(identity)?.values() ?? [])];
  }

  /** An unfinished entry was written: a later file with the same identity must see it. */
  noteUnfinished(entry: JournalEntry): void {
    void this.#unfinished?.then((index) => this.#add(index, entry));
  }

  /** An entry was finished or removed: it is no longer anyone's to resume. */
  noteGone(entry: Pick<JournalEntry, 'identity' | 'fingerprint'>): void {
    void this.#unfinished?.then((index) => index.get(entry.identity)?.delete(entry.fingerprint));
  }

  #add(index: Map<string, Map<string, JournalEntry>>, entry: JournalEntry): void {
    const same = index.get(entry.identity) ?? new Map<string, JournalEntry>();
    same.set(entry.fingerprint, entry);
    index.set(entry.identity, same);
  }

  /** Files whose buffered parts go at the next tick. */
  #dueFlushes = new Set<() => void>();
  #tick: ReturnType<typeof setTimeout> | undefined;

  /**
   * Runs `flush` at the engine's next journal tick, at most JOURNAL_FLUSH_MS from now. One tick
   * for every file, not a timer each: the files' writes then share one IndexedDB transaction.
   */
  flushSoon(flush: () => void): void {
    this.#dueFlushes.add(flush);
    if (this.#tick !== undefined) return;
    this.#tick = setTimeout(() => {
      this.#tick = undefined;
      const due = [...this.#dueFlushes];
      this.#dueFlushes.clear();
      for (const run of due) run();
    }, JOURNAL_FLUSH_MS);
  }

  /** The file flushed by itself (or ended): nothing of it is due at the tick. */
  cancelFlush(flush: () => void): void {
    this.#dueFlushes.delete(flush);
  }

  get current(): Promise<Journal> {
    return this.#journal;
  }

  /** Runs a journal operation; on failure switches to memory and runs it there. */
  async run<T>(operation: (journal: Journal) => Promise<T>): Promise<T> {
    const journal = await this.#journal;
    try {
      return await operation(journal);
    } catch (error) {
      if (!journal.persistent) throw error;
      const quota = error instanceof DOMException && error.name === 'QuotaExceededError';
      return operation(await this.#fallBack(quota ? 'quota' : 'failed'));
    }
  }

  #fallBack(reason: JournalFallbackReason): Promise<Journal> {
    const memory = new MemoryJournal();
    this.#journal = Promise.resolve(memory);
    if (!this.#fellBack) {
      this.#fellBack = true;
      this.#onFallback(reason);
    }
    return this.#journal;
  }
}
