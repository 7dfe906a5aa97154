import { JOURNAL_SCHEMA, type JournalEntry } from '../../src/persist/journal.js';

/** A journal entry of a 30-byte file in 10-byte parts, named and keyed by its fingerprint. */
export function journalEntry(fingerprint: string, updatedAt = 1): JournalEntry {
  return {
    schema: JOURNAL_SCHEMA,
    fingerprint,
    identity: `id-${fingerprint}`,
    provider: 'oss',
    endpoint: '/api',
    name: `${fingerprint}.bin`,
    size: 30,
    type: '',
    lastModified: 1,
    session: { provider: 'oss', key: fingerprint, uploadId: 'u', partSize: 10 },
    parts: {},
    checkpoints: {},
    createdAt: 1,
    updatedAt,
  };
}
