import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { TaskSnapshot } from '../../core/task-snapshot.js';
import type { TaskState } from '../../core/task-state.js';
import { formatBytes, formatPercent } from '../i18n/localize.js';
import type { Translation } from '../i18n/translation.js';

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

function ratioOf(task: TaskSnapshot): number {
  if (task.state === 'done') return 1;
  // Bytes handed to the network count as loaded before the storage acknowledged them, so a
  // file could read 100 % while its last part is still unconfirmed; it never does here.
  return task.total === 0 ? 0 : Math.min(0.99, Math.floor((task.loaded / task.total) * 100) / 100);
}

function stateText(task: TaskSnapshot, t: Translation): string {
  const state = t.states[task.state];
  return task.state === 'failed' && task.error !== undefined ? `${state}: ${t.errors[task.error.kind]}` : state;
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
  const valueText = t.progressText(formatBytes(task.state === 'done' ? task.total : task.loaded, t), formatBytes(task.total, t), percent);
  return html`
    <li part="file" class="file" data-state=${task.state} data-task=${task.id}>
      <span class="name" title=${task.name}><bdi>${task.name}</bdi></span>
      <span class="size"><bdi>${formatBytes(task.size, t)}</bdi></span>
      <div
        part="progress"
        class="progress"
        role="progressbar"
        aria-label=${task.name}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${Math.round(ratio * 100)}
        aria-valuetext=${valueText}
      >
        <div class="indicator" style=${styleMap({ inlineSize: `${ratio * 100}%` })}></div>
      </div>
      <span class="state">${stateText(task, t)}${task.state === 'uploading' ? html` · ${percent}` : nothing}</span>
      <div part="actions" class="actions">${ACTIONS[task.state].map((action) => button(action, task, t, act))}</div>
    </li>
  `;
}
