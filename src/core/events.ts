import type { PartRecord, UploadResult } from '../protocols/protocol.js';
import type { UploadError } from '../transport/upload-error.js';
import type { TaskSnapshot } from './task-snapshot.js';
import type { TaskState } from './task-state.js';

/**
 * Every engine event is one of these classes. The engine dispatches them on itself (not
 * bubbling); the element dispatches a copy with the same name that bubbles and is composed.
 * `detail` holds frozen snapshots, never live objects.
 */
export class UploaderEvent<D> extends Event {
  readonly detail: D;

  constructor(type: keyof UploaderEventMap, detail: D, init?: EventInit) {
    super(type, init);
    this.detail = detail;
  }

  /** The same event for another target, with other propagation flags. */
  copy(init: EventInit): UploaderEvent<D> {
    return new UploaderEvent<D>(this.type as keyof UploaderEventMap, this.detail, {
      ...init,
      cancelable: this.cancelable,
    });
  }
}

export interface QueueSummary {
  readonly succeeded: number;
  readonly failed: number;
  readonly canceled: number;
}

export interface UploaderEventMap {
  /** Files were picked or dropped and passed validation, before they are queued. Cancelable. */
  'chunk-file-add': UploaderEvent<{ readonly files: readonly File[] }>;
  /** A file failed validation (size, type) and was not queued. */
  'chunk-file-reject': UploaderEvent<{ readonly file: File; readonly reason: UploadError }>;
  /** A task left `queued`. */
  'chunk-upload-start': UploaderEvent<{ readonly task: TaskSnapshot }>;
  /** Any state transition. */
  'chunk-upload-state': UploaderEvent<{ readonly task: TaskSnapshot; readonly from: TaskState; readonly to: TaskState }>;
  /**
   * Bytes moved, or the task's condition changed (offline, stalled, …); at most about ten per
   * second per task. `bytesPerSecond` and `etaMs` are the task's smoothed speed and time left.
   */
  'chunk-upload-progress': UploaderEvent<{
    readonly task: TaskSnapshot;
    readonly loaded: number;
    readonly total: number;
    readonly bytesPerSecond: number | undefined;
    readonly etaMs: number | undefined;
  }>;
  /** The server acknowledged a part. */
  'chunk-part-complete': UploaderEvent<{ readonly task: TaskSnapshot; readonly part: PartRecord }>;
  /** A request failed and will be tried again after `delayMs`. */
  'chunk-upload-retry': UploaderEvent<{
    readonly task: TaskSnapshot;
    readonly attempt: number;
    readonly delayMs: number;
    readonly error: UploadError;
  }>;
  /** The storage confirmed the whole object. */
  'chunk-upload-success': UploaderEvent<{ readonly task: TaskSnapshot; readonly result: UploadResult }>;
  /** A terminal failure; the task can be retried by the user. */
  'chunk-upload-error': UploaderEvent<{ readonly task: TaskSnapshot; readonly error: UploadError }>;
  /** No task is queued or active any more. */
  'chunk-queue-complete': UploaderEvent<QueueSummary>;
  /**
   * The journal could not use IndexedDB (missing, blocked, full): uploads go on, but will not
   * survive a reload. Fires once per Uploader.
   */
  'chunk-journal-fallback': UploaderEvent<{ readonly reason: 'unavailable' | 'quota' | 'failed' }>;
}

export type UploaderEventName = keyof UploaderEventMap;

export const UPLOADER_EVENT_NAMES: readonly UploaderEventName[] = [
  'chunk-file-add',
  'chunk-file-reject',
  'chunk-upload-start',
  'chunk-upload-state',
  'chunk-upload-progress',
  'chunk-part-complete',
  'chunk-upload-retry',
  'chunk-upload-success',
  'chunk-upload-error',
  'chunk-queue-complete',
  'chunk-journal-fallback',
];

export function uploaderEvent<K extends UploaderEventName>(
  type: K,
  detail: UploaderEventMap[K]['detail'],
  init?: EventInit,
): UploaderEventMap[K] {
  return new UploaderEvent(type, detail, init) as UploaderEventMap[K];
}
