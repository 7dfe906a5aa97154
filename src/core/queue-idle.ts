import type { QueueSummary } from './events.js';
import { isActive, type TaskState } from './task-state.js';

/** Tells when the queue goes from busy to idle, with the summary `chunk-queue-complete` carries. */
export class IdleWatch {
  #wasBusy = false;

  /** The summary once each time the queue went from busy to idle; undefined otherwise. */
  settled(states: readonly TaskState[]): QueueSummary | undefined {
    const busy = states.some((state) => state === 'queued' || isActive(state));
    if (busy) {
      this.#wasBusy = true;
      return undefined;
    }
    if (!this.#wasBusy) return undefined;
    this.#wasBusy = false;
    const summary: QueueSummary = Object.freeze({
      succeeded: states.filter((state) => state === 'done').length,
      failed: states.filter((state) => state === 'failed').length,
      canceled: states.filter((state) => state === 'canceled').length,
    });
    return summary;
  }
}
