import { expect } from '@esm-bundle/chai';
import { JOURNAL_FLUSH_MS, JournalHolder } from '../../src/core/journal-holder.js';
import { PartLedger } from '../../src/core/part-ledger.js';
import { partAt } from '../../src/core/planner.js';
import { TaskJournal } from '../../src/core/task-journal.js';
import type { Journal, JournalEntry } from '../../src/persist/journal.js';
import { MemoryJournal } from '../../src/persist/memory-journal.js';
import type { Hasher, PartLimits, PartRecord, Protocol } from '../../src/contracts/protocol.js';
import { journalEntry } from '../helpers/journal-entry.js';

const LIMITS: PartLimits = { minPartSize: 1, maxPartSize: 100, maxParts: 100, firstPartNumber: 1, emptyFileParts: 1 };
const part = (index: number) => partAt(index, 30, 10, LIMITS);
const record = (number: number, etag: string): PartRecord => ({ number, size: 10, etag });

/** A memory journal that counts its writes. */
class CountingJournal extends MemoryJournal {
  writes = 0;
  override put(value: JournalEntry): Promise<void> {
    this.writes += 1;
    return super.put(value);
  }
  override update(fingerprint: string, change: (e: JournalEntry | undefined) => JournalEntry | undefined): Promise<void> {
    this.writes += 1;
    return super.update(fingerprint, change);
  }
}

const holderOf = (journal: Journal): JournalHolder => new JournalHolder(() => Promise.resolve(journal), () => undefined);

describe('TaskJournal · one entry, written coalesced', () => {
  it('buffers part records and writes them in one merge', async () => {
    const store = new CountingJournal();
    const journal = new TaskJournal(holderOf(store), journalEntry('a'));
    await journal.open();
    journal.part(0, record(1, 'x'));
    journal.part(2, record(3, 'z'));
    expect(store.writes, 'nothing written before the flush').to.equal(1);
    await journal.flush();
    expect(store.writes).to.equal(2);
    const stored = await store.get('a');
    expect(stored?.parts).to.deep.equal({ 0: record(1, 'x'), 2: record(3, 'z') });
  });

  it('writes a checkpoint at once (a Qiniu ctx is good for the next chunk only); those that come during a write go in the next one', async () => {
    const store = new CountingJournal();
    const journal = new TaskJournal(holderOf(store), journalEntry('a2'));
    await journal.open();
    journal.checkpoint(1, { ctx: 'c1' });
    journal.checkpoint(1, { ctx: 'c2' });
    journal.checkpoint(2, { ctx: 'd1' });
    await journal.flush();
    expect(store.writes, 'open, the first checkpoint, then the two that came while it was written').to.equal(3);
    expect((await store.get('a2'))?.checkpoints).to.deep.equal({ 1: { ctx: 'c2' }, 2: { ctx: 'd1' } });
  });

  it('writes by itself within the flush interval', async () => {
    const store = new CountingJournal();
    const journal = new TaskJournal(holderOf(store), journalEntry('b'));
    await journal.open();
    journal.part(0, record(1, 'x'));
    await new Promise((resolve) => setTimeout(resolve, JOURNAL_FLUSH_MS + 100));
    expect((await store.get('b'))?.parts).to.deep.equal({ 0: record(1, 'x') });
  });

  it('a record replaces the checkpoint of its part; forget removes both', async () => {
    const store = new MemoryJournal();
    const journal = new TaskJournal(holderOf(store), journalEntry('c'));
    await journal.open();
    journal.checkpoint(0, { ctx: 'half' });
    journal.checkpoint(1, { ctx: 'other' });
    await journal.flush();
    journal.part(0, record(1, 'x'));
    journal.forget([1]);
    await journal.flush();
    const stored = await store.get('c');
    expect([stored?.parts, stored?.checkpoints]).to.deep.equal([{ 0: record(1, 'x') }, {}]);
  });

  it('finish keeps only the result; drop removes the entry; neither is followed by a late write', async () => {
    const store = new MemoryJournal();
    const done = new TaskJournal(holderOf(store), journalEntry('d'));
    await done.open();
    done.part(0, record(1, 'x'));
    const result = { provider: 'oss', key: 'k', size: 30, response: { key: 'k' } } as const;
    await done.finish(result);
    done.part(1, record(2, 'y'));
    await new Promise((resolve) => setTimeout(resolve, JOURNAL_FLUSH_MS + 100));
    expect([(await store.get('d'))?.parts, (await store.get('d'))?.result]).to.deep.equal([{}, result]);

    const gone = new TaskJournal(holderOf(store), journalEntry('e'));
    await gone.open();
    gone.part(0, record(1, 'x'));
    await gone.drop();
    await new Promise((resolve) => setTimeout(resolve, JOURNAL_FLUSH_MS + 100));
    expect(await store.get('e')).to.equal(undefined);
  });

  it('keeps its own copy, so a journal that loses the entry gets it whole again', async () => {
    const store = new MemoryJournal();
    const journal = new TaskJournal(holderOf(store), journalEntry('f'));
    await journal.open();
    journal.part(0, record(1, 'x'));
    await journal.flush();
    await store.remove('f');
    journal.part(1, record(2, 'y'));
    await journal.flush();
    expect((await store.get('f'))?.parts).to.deep.equal({ 0: record(1, 'x'), 1: record(2, 'y') });
  });
});

describe('PartLedger · which parts count as sent', () => {
  const protocol: Protocol = {
    name: 'oss',
    limits: LIMITS,
    partDigests: [],
    listedDigests: ['md5'],
    verifyListed: (listed, local) => listed.etag === local.md5Hex,
    begin: () => Promise.reject(new Error('unused')),
    sendPart: () => Promise.reject(new Error('unused')),
    complete: () => Promise.reject(new Error('unused')),
  };
  /** Local bytes whose MD5 is `good-<start>`. */
  const hasher: Hasher = { range: (start) => Promise.resolve({ md5Hex: `good-${start}` }), file: () => Promise.reject(new Error('unused')) };

  it('acknowledges parts into the journal, in order for completion, and forgets a checkpoint once its part is done', async () => {
    const store = new MemoryJournal();
    let changes = 0;
    const ledger = new PartLedger(() => (changes += 1));
    ledger.attach(new TaskJournal(holderOf(store), journalEntry('g')));
    await ledger.journal?.open();
    ledger.checkpoint(1, { ctx: 'half' });
    ledger.acknowledge(2, record(3, 'c'));
    ledger.acknowledge(1, record(2, 'b'));
    expect([ledger.size, ledger.has(1), ledger.checkpointOf(1), changes]).to.deep.equal([2, true, undefined, 2]);
    expect(ledger.ordered().map((r) => r.number)).to.deep.equal([2, 3]);
    await ledger.journal?.flush();
    expect(Object.keys((await store.get('g'))?.parts ?? {})).to.deep.equal(['1', '2']);
  });

  it('reconciles a journaled seed with the server list, checks listed parts in the background, and returns the ones that differ', async () => {
    const store = new MemoryJournal();
    const ledger = new PartLedger(() => undefined);
    const seeded = { ...journalEntry('h'), parts: { 0: record(1, 'good-0'), 1: record(2, 'good-10') }, checkpoints: { 2: { ctx: 'c' } } };
    ledger.seed(seeded);
    ledger.attach(new TaskJournal(holderOf(store), seeded));
    await ledger.journal?.open();
    // The server lists part 1 with our bytes and part 3 with someone else's; part 2 is missing.
    ledger.reconcile(protocol, [record(1, 'good-0'), record(3, 'bad')], 3, part, hasher, new AbortController().signal);
    expect([...ledger.records.keys()].sort()).to.deep.equal([0, 2]);
    expect(await ledger.verified()).to.deep.equal([2]);
    expect([...ledger.records.keys()]).to.deep.equal([0]);
    expect(await ledger.verified(), 'asked again: nothing new').to.deep.equal([]);
    await ledger.journal?.flush();
    expect(Object.keys((await store.get('h'))?.parts ?? {})).to.deep.equal(['0']);
  });

  it('clears everything, journal entry included, when the session is gone', async () => {
    const store = new MemoryJournal();
    const ledger = new PartLedger(() => undefined);
    ledger.attach(new TaskJournal(holderOf(store), journalEntry('i')));
    await ledger.journal?.open();
    ledger.acknowledge(0, record(1, 'a'));
    await ledger.clear();
    expect([ledger.size, ledger.journal, await store.get('i')]).to.deep.equal([0, undefined, undefined]);
  });
});
