import type { Journal, JournalEntry } from './journal.js';

/** The journal when IndexedDB is missing or full, and for `persist: false`: this page only. */
export class MemoryJournal implements Journal {
  readonly persistent = false;
  #entries = new Map<string, JournalEntry>();

  async get(fingerprint: string): Promise<JournalEntry | undefined> {
    return this.#entries.get(fingerprint);
  }

  async put(entry: JournalEntry): Promise<void> {
    this.#entries.set(entry.fingerprint, entry);
  }

  async update(fingerprint: string, change: (entry: JournalEntry | undefined) => JournalEntry | undefined): Promise<void> {
    const next = change(this.#entries.get(fingerprint));
    if (next === undefined) this.#entries.delete(fingerprint);
    else this.#entries.set(fingerprint, next);
  }

  async remove(fingerprint: string): Promise<void> {
    this.#entries.delete(fingerprint);
  }

  async list(): Promise<JournalEntry[]> {
    return [...this.#entries.values()];
  }
}
