import { html, nothing, type TemplateResult } from 'lit';
import type { TaskSnapshot } from '../../core/task-snapshot.js';
import type { TaskState } from '../../core/task-state.js';
import { formatBytes, formatPercent } from '../i18n/localize.js';
import { failureText, type Translation } from '../i18n/translation.js';
import { progressBar } from './progress-bar.js';

export type RowAction = 'pause' | 'resume' | 'retry' | 'cancel' | 'remove';

/** Which buttons a task offers in each state, in visual order. */
const ACTIONS: Readonly<Record<TaskState, readonly RowAction[]>> = {
  queued: ['pause', 'cancel'],
  preparing: ['pause', 'cancel'],
  uploading: ['pause', 'cancel'],
  completing: ['cancel'],
  paused: ['resume', 'cancel'],
  blocked: ['cancel'],
  failed: ['retry', 'remove'],
  done: ['remove'],
  canceled: ['remove'],
};

/** Bytes as far as this page knows: while another tab holds the file, that tab's progress. */
function loadedOf(task: TaskSnapshot): { readonly loaded: number; readonly total: number } {
  if (task.state === 'blocked' && task.elsewhere !== undefined) return task.elsewhere;
  return { loaded: task.state === 'done' ? task.total : task.loaded, total: task.total };
}

function ratioOf(task: TaskSnapshot): number {
  if (task.state === 'done') return 1;
  const { loaded, total } = loadedOf(task);
  // Bytes handed to the network count as loaded before the storage acknowledged them, so a
  // file could read 100 % while its last part is still unconfirmed; it never does here.
  return total === 0 ? 0 : Math.min(0.99, Math.floor((loaded / total) * 100) / 100);
}

function stateText(task: TaskSnapshot, t: Translation): string {
  const state = t.states[task.state];
  return task.state === 'failed' && task.error !== undefined ? `${state}: ${failureText(t, task.error)}` : state;
}

/** The percentage follows the state where bytes are moving, here or in another tab. */
function showsPercent(task: TaskSnapshot): boolean {
  return task.state === 'uploading' || (task.state === 'blocked' && task.elsewhere !== undefined);
}

function button(action: RowAction, task: TaskSnapshot, t: Translation, act: (action: RowAction, id: string) => void): TemplateResult {
  return html`<button
    part="button"
    type="button"
    data-action=${action}
    aria-label=${t[action](task.name)}
    @click=${() => act(action, task.id)}
  >
    ${t[`${action}Label`]}
  </button>`;
}

/**
 * One file: name, size, progress bar with value text, state, and what the user can do. Name
 * and size sit in <bdi>, so a Latin name or "3.1 MB" keeps its order on a right-to-left page.
 */
export function fileRow(task: TaskSnapshot, t: Translation, act: (action: RowAction, id: string) => void): TemplateResult {
  const ratio = ratioOf(task);
  const percent = formatPercent(ratio, t);
  const { loaded, total } = loadedOf(task);
  const valueText = t.progressText(formatBytes(loaded, t), formatBytes(total, t), percent);
  return html`
    <li part="file" class="file" data-state=${task.state} data-task=${task.id} ?data-resumed=${task.resumed}>
      <span class="name" title=${task.name}><bdi>${task.name}</bdi></span>
      <span class="size"><bdi>${formatBytes(task.size, t)}</bdi></span>
      ${progressBar(task.name, ratio, valueText)}
      <span class="state">${stateText(task, t)}${showsPercent(task) ? html` · ${percent}` : nothing}</span>
      <div part="actions" class="actions">${ACTIONS[task.state].map((action) => button(action, task, t, act))}</div>
    </li>
  `;
}
