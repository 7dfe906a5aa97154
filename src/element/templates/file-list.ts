import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Translation } from '../i18n/translation.js';
import { FOLD_AFTER, REVEAL_PAGE, type ListEntry } from '../list-window.js';
import { fileRow, ticks, type RowAction } from './file-row.js';

/** How the list reaches the element. */
export interface FileListHandlers {
  act(action: RowAction, id: string): void;
  preview(id: string): ImageBitmap | undefined;
  reveal(ids: readonly string[]): void;
}

/**
 * The list of files. Only rows whose snapshot changed (or the language, or the clock of a
 * countdown, or their place) are rendered again: a progress event re-renders one row, not all
 * of them. A long list renders only some rows (list-window.ts); each row then says its place
 * in the whole list (`aria-posinset` of `aria-setsize`), and each folded run is one item with
 * a button that shows more.
 */
export function fileList(
  entries: readonly ListEntry[],
  total: number,
  t: Translation,
  clock: { readonly now: number; readonly second: number },
  handlers: FileListHandlers,
): TemplateResult | typeof nothing {
  if (entries.length === 0) return nothing;
  const folding = total > FOLD_AFTER;
  return html`<ul part="file-list" class="file-list" aria-label=${t.fileListLabel}>
    ${repeat(
      entries,
      (entry) => (entry.kind === 'row' ? entry.task.id : entry.key),
      (entry) => {
        // Not guarded: a run's files change while its counts may not, and there are few runs.
        if (entry.kind === 'folded') return foldedRun(entry, t, handlers);
        const { task, position } = entry;
        const bitmap = handlers.preview(task.id);
        const place = folding ? { position, total } : undefined;
        return guard([task, t, ticks(task) ? clock.second : -1, bitmap, place?.position, place?.total], () =>
          fileRow(task, t, clock.now, handlers.act, bitmap, place),
        );
      },
    )}
  </ul>`;
}

function foldedRun(entry: Extract<ListEntry, { kind: 'folded' }>, t: Translation, handlers: FileListHandlers): TemplateResult {
  const next = Math.min(REVEAL_PAGE, entry.counts.total);
  return html`<li part="folded" class="folded">
    <span class="folded-text" dir=${t.$dir}>${t.foldedFiles(entry.counts)}</span>
    <button part="button" type="button" data-action="show-more" @click=${() => handlers.reveal(entry.ids)}>
      ${t.showMore(next)}
    </button>
  </li>`;
}
