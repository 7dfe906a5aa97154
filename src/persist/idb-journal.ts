import { createStore, get, values, type UseStore } from 'idb-keyval';
import { IdbWriteBatch } from './idb-write-batch.js';
import { JOURNAL_SCHEMA, type Journal, type JournalEntry } from './journal.js';

/** The default database; tests give each engine a name of its own. */
export const DEFAULT_JOURNAL_DB = 'chunk-uploader';

/**
 * The journal in IndexedDB, through idb-keyval in a database of its own (idb-keyval keeps one
 * object store per database). `update` reads and writes in one transaction, so concurrent
 * writers cannot lose each other's completions. Writes share transactions (idb-write-batch.ts):
 * a batch of files commits a few times, not once per write.
 */
export class IdbJournal implements Journal {
  readonly persistent = true;
  readonly #store: UseStore;
  readonly #writes: IdbWriteBatch;

  private constructor(store: UseStore, writes: IdbWriteBatch) {
    this.#store = store;
    this.#writes = writes;
  }

  /** Opens the database and proves a write works; rejects where IndexedDB is unusable. */
  static async open(name = DEFAULT_JOURNAL_DB): Promise<IdbJournal> {
    if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
    const store = createStore(name, 'journal');
    const writes = new IdbWriteBatch(store);
    await writes.put('__probe__', Date.now());
    await writes.remove('__probe__');
    return new IdbJournal(store, writes);
  }

  async get(fingerprint: string): Promise<JournalEntry | undefined> {
    const entry = await get<JournalEntry>(fingerprint, this.#store);
    return isCurrent(entry) ? entry : undefined;
  }

  put(entry: JournalEntry): Promise<void> {
    return this.#writes.put(entry.fingerprint, entry);
  }

  update(fingerprint: string, change: (entry: JournalEntry | undefined) => JournalEntry | undefined): Promise<void> {
    return this.#writes.update<JournalEntry>(fingerprint, (old) => change(isCurrent(old) ? old : undefined));
  }

  remove(fingerprint: string): Promise<void> {
    return this.#writes.remove(fingerprint);
  }

  async list(): Promise<JournalEntry[]> {
    return (await values<JournalEntry>(this.#store)).filter(isCurrent);
  }
}

/** Entries of another schema version are ignored rather than misread. */
function isCurrent(entry: JournalEntry | undefined): entry is JournalEntry {
  return entry !== undefined && typeof entry === 'object' && entry.schema === JOURNAL_SCHEMA;
}
