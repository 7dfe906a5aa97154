import { expect } from '@esm-bundle/chai';
import { JournalHolder } from '../../src/core/journal-holder.js';
import { TaskJournal } from '../../src/core/task-journal.js';
import { JOURNAL_SCHEMA, type JournalEntry } from '../../src/persist/journal.js';
import { MemoryJournal } from '../../src/persist/memory-journal.js';

function entry(fingerprint: string, identity: string): JournalEntry {
  return {
    schema: JOURNAL_SCHEMA,
    fingerprint,
    identity,
    provider: 'oss',
    endpoint: '/api',
    name: 'f.bin',
    size: 30,
    type: '',
    lastModified: 1,
    session: { provider: 'oss', key: 'k', uploadId: 'u', partSize: 10 },
    parts: {},
    checkpoints: {},
    createdAt: 1,
    updatedAt: 1,
  };
}

/** A memory journal that counts how often it is listed. */
class CountingJournal extends MemoryJournal {
  lists = 0;
  override list(): Promise<JournalEntry[]> {
    this.lists += 1;
    return super.list();
  }
}

describe('JournalHolder · the unfinished-upload index', () => {
  it('lists the journal once per engine, however many new files ask, and keeps up with what this engine writes', async () => {
    const journal = new CountingJournal();
    await journal.put(entry('old', 'same-name'));
    await journal.put({ ...entry('finished', 'same-name'), result: { provider: 'oss', key: 'k', size: 30, response: {} } });
    const holder = new JournalHolder(() => Promise.resolve(journal), () => undefined);

    const asked = await Promise.all(['same-name', 'other', 'same-name', 'third'].map((identity) => holder.unfinishedOf(identity)));
    expect(asked.map((entries) => entries.map((e) => e.fingerprint))).to.deep.equal([['old'], [], ['old'], []]);

    const written = new TaskJournal(holder, entry('new', 'other'));
    await written.open();
    expect((await holder.unfinishedOf('other')).map((e) => e.fingerprint)).to.deep.equal(['new']);
    await written.finish({ provider: 'oss', key: 'k', size: 30, response: {} });
    expect(await holder.unfinishedOf('other')).to.deep.equal([]);
    holder.noteGone(entry('old', 'same-name'));
    expect(await holder.unfinishedOf('same-name')).to.deep.equal([]);
    expect(journal.lists).to.equal(1);
  });
});
