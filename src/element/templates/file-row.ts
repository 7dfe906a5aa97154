import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { TaskSnapshot } from '../../core/task-snapshot.js';
import type { TaskState } from '../../core/task-state.js';
import { formatBytes, formatDuration, formatPercent, formatSpeed } from '../i18n/localize.js';
import { failureText, type RowLine, type Translation } from '../i18n/translation.js';
import { fileIcon, kindOf, thumbnail } from './file-icon.js';
import { progressBar } from './progress-bar.js';

export type RowAction = 'pause' | 'resume' | 'retry' | 'cancel' | 'remove';

/** Which buttons a task offers in each state, in visual order. */
const ACTIONS: Readonly<Record<TaskState, readonly RowAction[]>> = {
  queued: ['pause', 'cancel'],
  preparing: ['pause', 'cancel'],
  uploading: ['pause', 'cancel'],
  completing: ['cancel'],
  paused: ['resume', 'cancel', 'remove'],
  blocked: ['cancel'],
  failed: ['retry', 'remove'],
  done: ['remove'],
  canceled: ['remove'],
};

/** Bytes as far as this page knows: while another tab holds the file, that tab's progress. */
export function loadedOf(task: TaskSnapshot): { readonly loaded: number; readonly total: number } {
  if (task.state === 'blocked' && task.elsewhere !== undefined) return task.elsewhere;
  return { loaded: task.state === 'done' ? task.total : task.loaded, total: task.total };
}

/**
 * Bytes handed to the network count as loaded before the storage acknowledged them, so a file
 * could read 100 % while its last part is still unconfirmed; it never does here.
 */
export function ratioOf(loaded: number, total: number, done: boolean): number {
  if (done) return 1;
  return total === 0 ? 0 : Math.min(0.99, Math.floor((loaded / total) * 100) / 100);
}

/** True when the row's words change by the second (a countdown, a stall's length). */
export function ticks(task: TaskSnapshot): boolean {
  const kind = task.condition?.kind;
  return kind === 'retrying' || kind === 'throttled' || kind === 'stalled';
}

/** What the state line says, as data; the translation makes it one sentence. */
export function lineOf(task: TaskSnapshot, t: Translation, now: number): RowLine {
  const condition = task.condition;
  if (condition !== undefined && (task.state === 'preparing' || task.state === 'uploading' || task.state === 'completing')) {
    const wait = (at: number): string | undefined => (at - now >= 500 ? formatDuration(at - now, t) : undefined);
    switch (condition.kind) {
      case 'retrying':
        return { kind: 'retrying', reason: condition.reason, ...optional('wait', wait(condition.retryAt)) };
      case 'throttled':
        return { kind: 'throttled', ...optional('wait', wait(condition.retryAt)) };
      case 'stalled':
        return { kind: 'stalled', for: formatDuration(now - condition.since, t) };
      default:
        return { kind: condition.kind };
    }
  }
  if (task.state === 'failed' && task.error !== undefined) return { kind: 'failed', reason: failureText(t, task.error) };
  if (task.state === 'blocked' && task.elsewhere !== undefined) {
    const { loaded, total } = task.elsewhere;
    return { kind: 'elsewhere', percent: formatPercent(ratioOf(loaded, total, false), t) };
  }
  if (task.state === 'uploading') {
    const speed = task.bytesPerSecond;
    return {
      kind: 'uploading',
      loaded: formatBytes(task.loaded, t),
      total: formatBytes(task.total, t),
      ...optional('speed', speed === undefined ? undefined : formatSpeed(speed, t)),
      ...optional('eta', task.etaMs === undefined || speed === undefined ? undefined : formatDuration(task.etaMs, t)),
    };
  }
  return { kind: 'state', state: task.state };
}

/** `{ [key]: value }` when there is a value (the lines' optional fields are absent, not undefined). */
function optional<K extends string>(key: K, value: string | undefined): { readonly [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { readonly [P in K]?: string };
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
 * and size sit in <bdi>, so a Latin name or "3.1 MB" keeps its order on a right-to-left page;
 * the state line takes the direction of its language, whatever the page's. In a folded list
 * (list-window.ts) `place` is its position in the whole list.
 */
export function fileRow(
  task: TaskSnapshot,
  t: Translation,
  now: number,
  act: (action: RowAction, id: string) => void,
  preview?: ImageBitmap,
  place?: { readonly position: number; readonly total: number },
): TemplateResult {
  const { loaded, total } = loadedOf(task);
  const ratio = ratioOf(loaded, total, task.state === 'done');
  const valueText = t.progressText(formatBytes(loaded, t), formatBytes(total, t), formatPercent(ratio, t));
  const line = lineOf(task, t, now);
  return html`
    <li
      part="file"
      class="file"
      data-state=${task.state}
      data-condition=${task.condition?.kind ?? ''}
      data-task=${task.id}
      data-loaded=${loaded}
      data-total=${total}
      ?data-resumed=${task.resumed}
      aria-posinset=${ifDefined(place?.position)}
      aria-setsize=${ifDefined(place?.total)}
    >
      <span class="thumb" part="preview">${preview === undefined ? fileIcon(kindOf(task.type, task.name)) : thumbnail(preview)}</span>
      <span class="name" title=${task.name}><bdi>${task.name}</bdi></span>
      <span class="size"><bdi>${formatBytes(task.size, t)}</bdi></span>
      ${progressBar(task.name, ratio, valueText)}
      <span class="state" dir=${t.$dir}>${t.rowLine(line)}</span>
      <div part="actions" class="actions">${ACTIONS[task.state].map((action) => button(action, task, t, act))}</div>
    </li>
  `;
}
