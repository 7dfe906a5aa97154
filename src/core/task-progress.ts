import type { PartRecord } from '../contracts/protocol.js';

const PROGRESS_INTERVAL_MS = 100;

/**
 * Bytes moving for one task, and the pace at which the page hears about it: at most about ten
 * progress events a second, whatever the number of parts in flight.
 */
export class TaskProgress {
  /** Bytes of parts in flight, by part index. */
  #inFlight = new Map<number, number>();
  #lastAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #emit: () => void;
  /** Progress of this file in the tab that holds it, while this one waits. */
  elsewhere: { readonly loaded: number; readonly total: number } | undefined;

  constructor(emit: () => void) {
    this.#emit = emit;
  }

  moved(index: number, bytes: number): void {
    this.#inFlight.set(index, bytes);
    this.changed();
  }

  settled(index: number): void {
    this.#inFlight.delete(index);
  }

  clearInFlight(): void {
    this.#inFlight.clear();
  }

  /** The task ended: no progress event may follow its last one. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  loaded(records: ReadonlyMap<number, PartRecord>, size: number): number {
    let sum = 0;
    for (const record of records.values()) sum += record.size;
    for (const bytes of this.#inFlight.values()) sum += bytes;
    return Math.min(sum, size);
  }

  /** Something changed: emit now, or once the interval has passed. */
  changed(): void {
    const wait = this.#lastAt + PROGRESS_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      this.#fire();
      return;
    }
    this.#timer ??= setTimeout(() => this.#fire(), wait);
  }

  #fire(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#lastAt = Date.now();
    this.#emit();
  }
}
