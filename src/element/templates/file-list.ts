import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { TaskSnapshot } from '../../core/task-snapshot.js';
import type { Translation } from '../i18n/translation.js';
import { fileRow, ticks, type RowAction } from './file-row.js';

/**
 * The list of files. Only rows whose snapshot changed (or the language, or the clock of a
 * countdown) are rendered again: a progress event re-renders one row, not all of them.
 */
export function fileList(
  tasks: readonly TaskSnapshot[],
  t: Translation,
  clock: { readonly now: number; readonly second: number },
  act: (action: RowAction, id: string) => void,
  preview: (id: string) => ImageBitmap | undefined,
): TemplateResult | typeof nothing {
  if (tasks.length === 0) return nothing;
  return html`<ul part="file-list" class="file-list" aria-label=${t.fileListLabel}>
    ${repeat(
      tasks,
      (task) => task.id,
      (task) => {
        const bitmap = preview(task.id);
        return guard([task, t, ticks(task) ? clock.second : -1, bitmap], () => fileRow(task, t, clock.now, act, bitmap));
      },
    )}
  </ul>`;
}
