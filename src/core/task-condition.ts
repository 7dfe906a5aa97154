import type { ErrorKind, UploadError } from '../transport/upload-error.js';
import { isOnline, onNetworkChange } from './network.js';
import { ThroughputEstimator } from './throughput.js';

/**
 * Why a running task is not moving bytes right now, when it is not for lack of work: what the
 * row says instead of a plain "Uploading". Undefined while bytes flow.
 */
export type TaskCondition =
  /** A request failed and is tried again at `retryAt` (ms since the epoch). */
  | { readonly kind: 'retrying'; readonly retryAt: number; readonly attempt: number; readonly reason: ErrorKind }
  /** The storage asked to slow down; the request goes again at `retryAt`. */
  | { readonly kind: 'throttled'; readonly retryAt: number; readonly attempt: number }
  /** The browser is offline: nothing is sent until it is back. */
  | { readonly kind: 'waiting-for-network' }
  /** The permission expired; a new signature is being asked for. */
  | { readonly kind: 'waiting-for-signature' }
  /** Requests are out, but no byte has moved since `since` (ms since the epoch). */
  | { readonly kind: 'stalled'; readonly since: number };

/** Bytes standing still this long while uploading reads as stalled. */
export const STALL_NOTICE_MS = 5_000;

/** What a snapshot shows of a task's pace and condition. */
export interface TaskPace {
  readonly bytesPerSecond: number | undefined;
  readonly etaMs: number | undefined;
  readonly condition: TaskCondition | undefined;
}

/**
 * A task's pace (speed and time left, smoothed) and its condition while it runs. The task
 * tells it what happens (bytes moved, a retry is scheduled, a re-sign is asked for); it tells
 * the task when the picture changed by itself (the network went away or came back, bytes
 * stood still long enough to call it a stall), so the task emits a progress event.
 */
export class TaskActivity {
  #estimator = new ThroughputEstimator();
  #condition: TaskCondition | undefined;
  #lastLoaded = 0;
  #movedAt = 0;
  #running = false;
  #stallTimer: ReturnType<typeof setTimeout> | undefined;
  #stopListening: (() => void) | undefined;
  #changed: () => void;

  /** `changed` is called when the pace or condition changed without the task's doing. */
  constructor(changed: () => void) {
    this.#changed = changed;
  }

  /** A run began: the pace starts over, and the network is watched. */
  started(): void {
    this.#estimator.reset();
    this.#condition = undefined;
    this.#running = true;
    this.#movedAt = Date.now();
    this.#armStall();
    this.#stopListening ??= onNetworkChange(() => this.#changed());
  }

  /** The run ended (paused, failed, canceled, done). */
  stopped(): void {
    this.#running = false;
    this.#condition = undefined;
    clearTimeout(this.#stallTimer);
    this.#stallTimer = undefined;
    this.#stopListening?.();
    this.#stopListening = undefined;
  }

  /** The task's bytes loaded, as its progress events report them. */
  sample(loaded: number): void {
    this.#estimator.sample(loaded);
    if (loaded > this.#lastLoaded) {
      const now = Date.now();
      this.#movedAt = now;
      // Other lanes moving bytes do not end a part's countdown: the row says it until it is over.
      const condition = this.#condition;
      if (condition === undefined || !('retryAt' in condition) || now >= condition.retryAt) this.#condition = undefined;
      this.#armStall();
    }
    this.#lastLoaded = loaded;
  }

  /** A request failed and will be sent again after `delayMs`. */
  retrying(attempt: number, delayMs: number, error: UploadError): void {
    const retryAt = Date.now() + delayMs;
    this.#condition =
      error.kind === 'throttled' ? { kind: 'throttled', retryAt, attempt } : { kind: 'retrying', retryAt, attempt, reason: error.kind };
    this.#movedAt = retryAt;
    this.#armStall(delayMs);
  }

  /** The credential expired; the request waits for a new signature. */
  resigning(): void {
    this.#condition = { kind: 'waiting-for-signature' };
  }

  /** Speed, time left and condition for a snapshot of a task in `uploading` with these bytes. */
  pace(loaded: number, total: number, uploading: boolean): TaskPace {
    if (!this.#running) return { bytesPerSecond: undefined, etaMs: undefined, condition: undefined };
    const bytesPerSecond = uploading ? this.#estimator.bytesPerSecond() : undefined;
    const etaMs = uploading ? this.#estimator.etaMs(total - loaded) : undefined;
    return { bytesPerSecond, etaMs, condition: this.#conditionNow(uploading) };
  }

  #conditionNow(uploading: boolean): TaskCondition | undefined {
    if (!isOnline()) return { kind: 'waiting-for-network' };
    const now = Date.now();
    const condition = this.#condition;
    // A retry that was sent but moves nothing either is a stall from the moment it went out.
    const stalled = now - this.#movedAt >= STALL_NOTICE_MS;
    if (condition !== undefined && !(stalled && condition.kind !== 'waiting-for-signature')) return condition;
    if (uploading && stalled) return { kind: 'stalled', since: this.#movedAt };
    return condition;
  }

  #armStall(after = 0): void {
    clearTimeout(this.#stallTimer);
    if (!this.#running) return;
    this.#stallTimer = setTimeout(() => {
      this.#stallTimer = undefined;
      if (this.#running) this.#changed();
    }, after + STALL_NOTICE_MS);
  }
}
