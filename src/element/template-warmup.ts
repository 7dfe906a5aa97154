import { render } from 'lit';
import type { TaskSnapshot } from '../core/task-snapshot.js';
import type { Translation } from './i18n/translation.js';
import type { ListEntry } from './list-window.js';
import { fileList } from './templates/file-list.js';

let warmed = false;

/** A file for templates only: nothing uploads it, and the fields a row does not need stay out. */
function sampleTask(state: TaskSnapshot['state']): TaskSnapshot {
  return { id: `warmup-${state}`, name: 'warmup.bin', size: 1, type: '', state, loaded: 0, total: 1 } as TaskSnapshot;
}

/**
 * Once a page is idle, prepares the templates of a list's rows (with their buttons, and a folded
 * run's) by rendering a sample into a detached fragment; Lit keeps a prepared template for every
 * later render in the page.
 *
 * Why: preparing them (parsing each template's HTML) was a third of the task that rendered a
 * batch's first rows, which went over 50 ms on a slow machine (bench: 50 × 4 MiB, element). A
 * person picks or drops files long after the page is idle.
 */
export function warmTemplatesWhenIdle(t: () => Translation): void {
  if (warmed) return;
  warmed = true;
  const warm = (): void => {
    const entries: ListEntry[] = (['uploading', 'done'] as const).map((state, at) => ({ kind: 'row', task: sampleTask(state), position: at + 1 }));
    entries.push({ kind: 'folded', key: 'folded:warmup', ids: [], counts: { total: 1, done: 0, waiting: 1 } });
    const noop = (): void => undefined;
    render(fileList(entries, entries.length, t(), { now: 0, second: 0 }, { act: noop, preview: () => undefined, reveal: noop }), document.createDocumentFragment());
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(warm, { timeout: 2000 });
  else setTimeout(warm, 200);
}
