import type { InterruptedUpload } from '../core/journal-maintenance.js';

export interface InterruptedChangeDetail {
  /** Unfinished uploads the element lists now, most recently active first. */
  readonly uploads: readonly InterruptedUpload[];
}

/**
 * `chunk-interrupted-change`: the element's list of unfinished uploads (left by a previous page
 * or a crashed browser) was read, at startup after pruning, or changed since. Bubbles and is
 * composed.
 */
export class InterruptedChangeEvent extends Event {
  readonly detail: InterruptedChangeDetail;

  constructor(detail: InterruptedChangeDetail) {
    super('chunk-interrupted-change', { bubbles: true, composed: true });
    this.detail = detail;
  }
}
