import type { UploadResult } from '../contracts/protocol.js';
import type { ErrorKind } from '../transport/upload-error.js';
import type { TaskCondition } from './task-condition.js';
import type { TaskState } from './task-state.js';

/** A frozen picture of one task. Events and `Uploader.tasks` hand out only these. */
export interface TaskSnapshot {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly type: string;
  readonly state: TaskState;
  /** Bytes acknowledged plus bytes of parts in flight. */
  readonly loaded: number;
  readonly total: number;
  readonly partsDone: number;
  readonly partsTotal: number;
  /** The object key, once the server session exists. */
  readonly key: string | undefined;
  readonly result: UploadResult | undefined;
  readonly error: { readonly kind: ErrorKind; readonly message: string; readonly code?: string } | undefined;
  /** When the task last started, in ms since the epoch. */
  readonly startedAt: number | undefined;
  /** True when the task took over an upload a previous page left unfinished. */
  readonly resumed: boolean;
  /** Identifies the file's upload across pages and tabs (once computed). */
  readonly fingerprint: string | undefined;
  /** While `blocked`: how far the tab that holds this file has come. */
  readonly elsewhere: { readonly loaded: number; readonly total: number } | undefined;
  /** Upload speed, smoothed over a few seconds; undefined until known and when not uploading. */
  readonly bytesPerSecond: number | undefined;
  /** Time left at that speed, in ms; undefined when unknown. */
  readonly etaMs: number | undefined;
  /** Why a running task moves no bytes (retrying, offline, stalled, …); undefined while they flow. */
  readonly condition: TaskCondition | undefined;
}
