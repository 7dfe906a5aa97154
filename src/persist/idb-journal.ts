import { createStore, del, get, set, update, values, type UseStore } from 'idb-keyval';
import { JOURNAL_SCHEMA, type Journal, type JournalEntry } from './journal.js';

/** The default database; tests give each engine a name of its own. */
export const DEFAULT_JOURNAL_DB = 'chunk-uploader';

/**
 * The journal in IndexedDB, through idb-keyval in a database of its own (idb-keyval keeps one
 * object store per database). `update` runs in one transaction, so concurrent writers cannot
 * lose each other's completions.
 */
export class IdbJournal implements Journal {
  readonly persistent = true;
  #store: UseStore;

  private constructor(store: UseStore) {
    this.#store = store;
  }

  /** Opens the database and proves a write works; rejects where IndexedDB is unusable. */
  static async open(name = DEFAULT_JOURNAL_DB): Promise<IdbJournal> {
    if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
    const store = createStore(name, 'journal');
    await set('__probe__', Date.now(), store);
    await del('__probe__', store);
    return new IdbJournal(store);
  }

  async get(fingerprint: string): Promise<JournalEntry | undefined> {
    const entry = await get<JournalEntry>(fingerprint, this.#store);
    return isCurrent(entry) ? entry : undefined;
  }

  async put(entry: JournalEntry): Promise<void> {
    await set(entry.fingerprint, entry, this.#store);
  }

  async update(fingerprint: string, change: (entry: JournalEntry | undefined) => JournalEntry | undefined): Promise<void> {
    let removed = false;
    await update<JournalEntry | undefined>(
      fingerprint,
      (old) => {
        const next = change(isCurrent(old) ? old : undefined);
        removed = next === undefined;
        return next;
      },
      this.#store,
    );
    // Note: idb-keyval's update cannot delete; an undefined value is cleared here instead.
    if (removed) await del(fingerprint, this.#store);
  }

  async remove(fingerprint: string): Promise<void> {
    await del(fingerprint, this.#store);
  }

  async list(): Promise<JournalEntry[]> {
    return (await values<JournalEntry>(this.#store)).filter(isCurrent);
  }
}

/** Entries of another schema version are ignored rather than misread. */
function isCurrent(entry: JournalEntry | undefined): entry is JournalEntry {
  return entry !== undefined && typeof entry === 'object' && entry.schema === JOURNAL_SCHEMA;
}
