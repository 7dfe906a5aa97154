import type { JsonValue } from '../contracts/json.js';
import type { PartRecord, Session, UploadResult } from '../contracts/protocol.js';

export const JOURNAL_SCHEMA = 1 as const;

/**
 * Everything needed to continue one upload after a reload or a crash. Plain data (plus an
 * optional file handle, which IndexedDB can store): no Blob, no function, no URL with a
 * query, no secret past its expiry (see scrub.ts, applied on every write).
 */
export interface JournalEntry {
  readonly schema: typeof JOURNAL_SCHEMA;
  /** Target, backend, key, name, size, date and a digest of the first and last 64 KiB. */
  readonly fingerprint: string;
  /** The same without the content digest: finds an older upload of a file that changed. */
  readonly identity: string;
  readonly provider: string;
  readonly endpoint: string;
  readonly name: string;
  readonly size: number;
  readonly type: string;
  readonly lastModified: number;
  readonly session: Session;
  /** Acknowledged parts by part index. */
  readonly parts: Readonly<Record<string, PartRecord>>;
  /** The adapter's progress inside unfinished parts, by part index. */
  readonly checkpoints: Readonly<Record<string, JsonValue>>;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** A handle to re-open the file without asking the user to find it (Chromium). */
  readonly handle?: FileSystemFileHandle;
  /** Set when the upload finished: another tab waiting on it reports success from this. */
  readonly result?: UploadResult;
}

/** Where entries live. Writes are atomic per entry; `update` is a read-modify-write. */
export interface Journal {
  /** False for the in-memory fallback: nothing survives a reload. */
  readonly persistent: boolean;
  get(fingerprint: string): Promise<JournalEntry | undefined>;
  put(entry: JournalEntry): Promise<void>;
  /** Reads, changes and writes one entry in one transaction; `undefined` from `change` deletes it. */
  update(fingerprint: string, change: (entry: JournalEntry | undefined) => JournalEntry | undefined): Promise<void>;
  remove(fingerprint: string): Promise<void>;
  list(): Promise<JournalEntry[]>;
}
