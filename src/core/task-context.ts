import type { HashPool } from '../hash/hash-pool.js';
import type { Io } from '../contracts/protocol.js';
import type { JournalEntry } from '../persist/journal.js';
import type { TabChannel } from '../persist/tab-channel.js';
import type { UploaderEventMap, UploaderEventName } from './events.js';
import type { JournalHolder } from './journal-holder.js';
import type { ResolvedOptions } from './options.js';
import type { Scheduler } from './scheduler.js';

/** What a task needs from its Uploader. */
export interface TaskContext {
  readonly options: ResolvedOptions;
  readonly scheduler: Scheduler;
  readonly hashPool: HashPool;
  readonly journal: JournalHolder;
  readonly channel: TabChannel;
  /** The backend as it appears in fingerprints: the endpoint URL, or `signer` for a function. */
  readonly scope: string;
  /**
   * Shared by the engine's tasks: what the backend said it lacks, so it is asked once per engine:
   * `put` (one request per small file), `parts` (many part URLs signed in one call).
   */
  readonly lacking: { put: boolean; parts: boolean };
  /** The adapter I/O for one call about this file. */
  io(file: File, signal: AbortSignal): Io;
  /** Aborts a stale journaled upload (a file that changed) and forgets it. */
  discard(entry: JournalEntry): Promise<void>;
  emit<K extends UploaderEventName>(type: K, detail: UploaderEventMap[K]['detail']): void;
}
