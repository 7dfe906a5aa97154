import { expect } from '@esm-bundle/chai';
import { createStore, get, keys } from 'idb-keyval';
import { JOURNAL_FLUSH_MS, JournalHolder } from '../../src/core/journal-holder.js';
import { TaskJournal } from '../../src/core/task-journal.js';
import { IdbJournal } from '../../src/persist/idb-journal.js';
import { IdbWriteBatch } from '../../src/persist/idb-write-batch.js';
import { journalEntry } from '../helpers/journal-entry.js';

/** Counts the write transactions opened on `database` (IndexedDB's own, whoever opens them). */
function countWriteTransactions(database: string): { count: number; restore(): void } {
  const open = IDBDatabase.prototype.transaction;
  const counter = { count: 0, restore: () => void (IDBDatabase.prototype.transaction = open) };
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (this.name === database && args[1] === 'readwrite') counter.count += 1;
    return open.apply(this, args);
  } as IDBDatabase['transaction'];
  return counter;
}

let databases = 0;
let counting: { count: number; restore(): void } | undefined;
afterEach(() => counting?.restore());

/** A journal in a new database, and the count of write transactions on it from now on. */
async function countedJournal(): Promise<{ journal: IdbJournal; transactions: () => number }> {
  const name = `idb-journal-batch-${Date.now()}-${(databases += 1)}`;
  const journal = await IdbJournal.open(name);
  const counter = countWriteTransactions(name);
  counting = counter;
  return { journal, transactions: () => counter.count };
}

describe('IdbJournal: writes share transactions', () => {
  it('commits 100 writes from 50 files, made at once, in at most two transactions, and keeps every one', async () => {
    const { journal, transactions } = await countedJournal();
    const names = Array.from({ length: 50 }, (_, i) => `file-${i}`);
    await Promise.all(names.flatMap((name) => [journal.put(journalEntry(name)), journal.update(name, (old) => old && { ...old, updatedAt: 2 })]));
    expect(transactions()).to.be.at.most(2);
    const stored = await journal.list();
    expect(stored.map((e) => e.fingerprint).sort()).to.deep.equal([...names].sort());
    expect(stored.every((e) => e.updatedAt === 2)).to.equal(true);
  });

  it('writes that arrive while a transaction commits go together in the next one', async () => {
    const { journal, transactions } = await countedJournal();
    const first = journal.put(journalEntry('a'));
    await Promise.resolve();
    await Promise.resolve();
    // The first transaction is under way; these three wait for it and then share one.
    const later = [journal.put(journalEntry('b')), journal.put(journalEntry('c')), journal.remove('a')];
    await Promise.all([first, ...later]);
    expect(transactions()).to.equal(2);
    expect((await journal.list()).map((e) => e.fingerprint).sort()).to.deep.equal(['b', 'c']);
  });

  it('keeps the order of writes to one key inside a batch: put, update, update, delete-by-update, put', async () => {
    const { journal } = await countedJournal();
    const seen: (number | undefined)[] = [];
    await Promise.all([
      journal.put(journalEntry('k', 1)),
      journal.update('k', (old) => (seen.push(old?.updatedAt), old && { ...old, updatedAt: 2 })),
      journal.update('k', (old) => (seen.push(old?.updatedAt), old && { ...old, updatedAt: 3 })),
      journal.update('k', (old) => (seen.push(old?.updatedAt), undefined)),
      journal.update('k', (old) => (seen.push(old?.updatedAt), old)),
      journal.put(journalEntry('k', 9)),
    ]);
    expect(seen).to.deep.equal([1, 2, 3, undefined]);
    expect((await journal.get('k'))?.updatedAt).to.equal(9);
  });

  it('a write that fails (a change that throws, a value that cannot be stored) fails alone; the others in its batch commit', async () => {
    const { journal } = await countedJournal();
    await journal.put(journalEntry('x'));
    const results = await Promise.allSettled([
      journal.put(journalEntry('y')),
      journal.update('x', () => {
        throw new Error('change failed');
      }),
      // A function cannot be cloned into IndexedDB: put throws DataCloneError at once.
      journal.put({ ...journalEntry('z'), handle: (() => undefined) as unknown as FileSystemFileHandle }),
      journal.update('x', (old) => old && { ...old, updatedAt: 5 }),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(((results[1] as PromiseRejectedResult).reason as Error).message).to.equal('change failed');
    expect(((results[2] as PromiseRejectedResult).reason as DOMException).name).to.equal('DataCloneError');
    expect((await journal.list()).map((e) => [e.fingerprint, e.updatedAt]).sort()).to.deep.equal([
      ['x', 5],
      ['y', 1],
    ]);
  });

  it('when the transaction aborts, every write in it rejects and none is stored', async () => {
    const store = createStore(`idb-journal-batch-abort-${Date.now()}`, 'journal');
    await new IdbWriteBatch(store).put('kept', 'zero');
    // A store whose transactions abort once the writes are issued, as a quota error would.
    const aborting = new IdbWriteBatch((mode, callback) =>
      store(mode, (objectStore) => {
        const committed = callback(objectStore);
        objectStore.transaction.abort();
        return committed;
      }),
    );
    const results = await Promise.allSettled([aborting.put('c', 'three'), aborting.remove('kept')]);
    expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'rejected']);
    expect(await get('c', store)).to.equal(undefined);
    expect(await keys(store)).to.deep.equal(['kept']);
  });

  it("twelve files' part completions, recorded at different moments, are written at one tick in one transaction", async () => {
    const { journal, transactions } = await countedJournal();
    const holder = new JournalHolder(() => Promise.resolve(journal), () => undefined);
    const files = Array.from({ length: 12 }, (_, i) => new TaskJournal(holder, journalEntry(`f${i}`)));
    await Promise.all(files.map((file) => file.open()));
    const opened = transactions();
    for (const [i, file] of files.entries()) {
      file.part(0, { number: 1, size: 10, etag: `"e${i}"` });
      // Each file's first completion in a task of its own, as parts end on their own answers.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, JOURNAL_FLUSH_MS + 100));
    expect(transactions() - opened).to.equal(1);
    const stored = await journal.list();
    expect(stored.map((e) => e.parts['0']?.etag).sort()).to.deep.equal(files.map((_, i) => `"e${i}"`).sort());
  });
});
