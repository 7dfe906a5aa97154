import type { TaskSnapshot } from '../core/task-snapshot.js';
import type { FoldedCounts } from './i18n/translation.js';
import { mountInSteps } from './row-mounting.js';

/** A list this long or shorter renders every row. */
export const FOLD_AFTER = 50;
/** Rows shown of files that are running, paused, blocked or failed, in list order. */
const LIVE_SHOWN = 30;
/** Rows shown of the next files waiting or running beyond those, in list order. */
const QUEUED_SHOWN = 10;
/** Rows one "Show more" button reveals. */
export const REVEAL_PAGE = 50;

export type { FoldedCounts };

export type ListEntry =
  | { readonly kind: 'row'; readonly task: TaskSnapshot; readonly position: number }
  | { readonly kind: 'folded'; readonly key: string; readonly ids: readonly string[]; readonly counts: FoldedCounts };

/**
 * Which rows a long list renders, so a batch of thousands of files costs the page a few dozen
 * rows: the files that are moving or need the user, the next few waiting, the row that holds
 * focus (so focus is never lost when its file finishes), and whatever the user revealed. Each
 * run of rows left out becomes one "N more" entry in its place, so the order is kept and every
 * row stays reachable. `position` is the row's place in the whole list (1-based).
 */
export function listWindow(tasks: readonly TaskSnapshot[], keep: ReadonlySet<string>): ListEntry[] {
  if (tasks.length <= FOLD_AFTER) return tasks.map((task, at) => ({ kind: 'row', task, position: at + 1 }));
  const entries: ListEntry[] = [];
  let live = 0;
  let queued = 0;
  let run: string[] = [];
  let done = 0;
  let waiting = 0;
  const closeRun = (): void => {
    if (run.length === 0) return;
    entries.push({ kind: 'folded', key: `folded:${run[0] ?? ''}`, ids: run, counts: { total: run.length, done, waiting } });
    run = [];
    done = 0;
    waiting = 0;
  };
  tasks.forEach((task, at) => {
    let shown = keep.has(task.id);
    const finished = task.state === 'done' || task.state === 'canceled';
    if (!finished && task.state !== 'queued' && live < LIVE_SHOWN) {
      shown = true;
      live += 1;
    } else if (!finished && task.state !== 'paused' && task.state !== 'failed') {
      // Note: files beyond the thirty that are running (the engine starts up to 4x its lanes)
      // share the ten places of the queue, so a row is made once as it nears the top, and not
      // again each time it starts.
      if (queued < QUEUED_SHOWN) shown = true;
      queued += 1;
    }
    if (!shown) {
      run.push(task.id);
      if (task.state === 'done') done += 1;
      else if (task.state === 'queued') waiting += 1;
      return;
    }
    closeRun();
    entries.push({ kind: 'row', task, position: at + 1 });
  });
  closeRun();
  return entries;
}

/** What folding needs of the element. */
export interface FoldingHost {
  readonly shadowRoot: ShadowRoot | null;
  readonly updateComplete: Promise<boolean>;
  requestUpdate(): void;
  /** Another render after this one, at its pace (render-pacing.ts). */
  requestFollowUp(): void;
}

/**
 * The list's folding state: the rows the user revealed, and the row that holds focus. A reveal
 * moves focus to the first row it showed, since the button pressed may be gone.
 */
export class ListFolding {
  #host: FoldingHost;
  #revealed = new Set<string>();
  #shown: ReadonlySet<string> = new Set();

  constructor(host: FoldingHost) {
    this.#host = host;
  }

  entries(tasks: readonly TaskSnapshot[]): ListEntry[] {
    // Note: ids of rows since removed stay in the set; they are few (revealed by hand) and match nothing.
    const keep = new Set(this.#revealed);
    const root = this.#host.shadowRoot;
    const focused = root === null ? undefined : root.activeElement?.closest<HTMLElement>('[data-task]')?.dataset.task;
    if (focused !== undefined) keep.add(focused);
    const step = mountInSteps(listWindow(tasks, keep), this.#shown);
    this.#shown = step.shown;
    // The next render adds the rows held back.
    if (step.more) this.#host.requestFollowUp();
    return step.entries;
  }

  /** Shows the next page of a folded run. */
  reveal(ids: readonly string[]): void {
    const page = ids.slice(0, REVEAL_PAGE);
    for (const id of page) this.#revealed.add(id);
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => {
      const first = page[0];
      if (first === undefined) return;
      this.#host.shadowRoot?.querySelector<HTMLElement>(`[data-task="${CSS.escape(first)}"] [part~="button"]`)?.focus();
    });
  }
}
