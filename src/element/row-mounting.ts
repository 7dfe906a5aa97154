import type { ListEntry } from './list-window.js';

/** Rows one render may add to the list; the rest come in the next renders. */
export const ROWS_MOUNTED_PER_RENDER = 6;

export interface MountStep {
  readonly entries: ListEntry[];
  /** The rows this render shows: those it keeps and those it adds. */
  readonly shown: ReadonlySet<string>;
  /** Rows were held back: another render should follow. */
  readonly more: boolean;
}

/**
 * Lets a render add at most `budget` rows the last render did not show; the rows held back are
 * left out until a later render adds them (the list's other entries stay as they are). A row
 * whose file finished meanwhile is never made: in a batch of 200 small files, about half are
 * not (bench: 95 to 118 rows made, against 200 when every held-back row came at the next frame).
 *
 * Why: making a row is most of a render's cost, and a batch's first render made forty of them
 * at once, one main-thread task of 40 to 50 ms on a slow machine (bench: 200 × 256 KiB). Six a
 * render fill the list within a few renders, and the page keeps answering meanwhile.
 */
export function mountInSteps(entries: readonly ListEntry[], lastShown: ReadonlySet<string>, budget = ROWS_MOUNTED_PER_RENDER): MountStep {
  const shown = new Set<string>();
  let left = budget;
  let more = false;
  const kept = entries.filter((entry) => {
    if (entry.kind === 'folded') return true;
    const id = entry.task.id;
    if (!lastShown.has(id)) {
      if (left === 0) {
        more = true;
        return false;
      }
      left -= 1;
    }
    shown.add(id);
    return true;
  });
  return { entries: kept, shown, more };
}
