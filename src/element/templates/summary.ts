import { html, nothing, type TemplateResult } from 'lit';
import type { TaskSnapshot } from '../../core/task-snapshot.js';
import { isActive } from '../../core/task-state.js';
import type { Translation } from '../i18n/translation.js';

/** One line over the list: how many files are done, failed and under way. */
export function summary(tasks: readonly TaskSnapshot[], t: Translation): TemplateResult | typeof nothing {
  if (tasks.length === 0) return nothing;
  const counts = {
    total: tasks.filter((task) => task.state !== 'canceled').length,
    done: tasks.filter((task) => task.state === 'done').length,
    failed: tasks.filter((task) => task.state === 'failed').length,
    active: tasks.filter((task) => task.state === 'queued' || isActive(task.state)).length,
  };
  return html`<p class="summary">${t.summary(counts)}</p>`;
}
