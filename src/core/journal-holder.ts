import { MemoryJournal } from '../persist/memory-journal.js';
import type { Journal } from '../persist/journal.js';

export type JournalFallbackReason = 'unavailable' | 'quota' | 'failed';

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
