import { html, nothing, type TemplateResult } from 'lit';
import type { TaskSnapshot } from '../../core/task-snapshot.js';
import type { Translation } from '../i18n/translation.js';

export type ListAction = 'retry-all' | 'clear-finished';

/** Buttons for the whole list: Retry all while some file failed, Clear finished while some is done or canceled. */
export function listActions(tasks: readonly TaskSnapshot[], t: Translation, act: (action: ListAction) => void): TemplateResult | typeof nothing {
  let failed = 0;
  let finished = 0;
  for (const { state } of tasks) {
    if (state === 'failed') failed += 1;
    else if (state === 'done' || state === 'canceled') finished += 1;
  }
  if (failed === 0 && finished === 0) return nothing;
  return html`<div part="list-actions" class="list-actions">
    ${failed === 0
      ? nothing
      : html`<button part="button" type="button" data-action="retry-all" @click=${() => act('retry-all')}>${t.retryAllLabel(failed)}</button>`}
    ${finished === 0
      ? nothing
      : html`<button part="button" type="button" data-action="clear-finished" @click=${() => act('clear-finished')}>
          ${t.clearFinishedLabel(finished)}
        </button>`}
  </div>`;
}
