import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { InterruptedUpload } from '../../core/journal-maintenance.js';
import { formatAge, formatBytes, formatPercent } from '../i18n/localize.js';
import type { Translation } from '../i18n/translation.js';
import { progressBar } from './progress-bar.js';

export type InterruptedAction = 'resume' | 'discard';

/** Never 100 %: an unfinished upload is not stored until its last part and completion are. */
function ratioOf(upload: InterruptedUpload): number {
  return upload.size === 0 ? 0 : Math.min(0.99, Math.floor((upload.loaded / upload.size) * 100) / 100);
}

function entry(
  upload: InterruptedUpload,
  t: Translation,
  now: number,
  act: (action: InterruptedAction, upload: InterruptedUpload) => void,
): TemplateResult {
  const ratio = ratioOf(upload);
  const percent = formatPercent(ratio, t);
  const state = upload.activeElsewhere ? t.states.blocked : t.interruptedState(percent, formatAge(upload.updatedAt, now, t));
  // A handle re-opens the file with one click; without one the user must find the file again.
  const actions: InterruptedAction[] = upload.activeElsewhere ? [] : upload.hasHandle ? ['resume', 'discard'] : ['discard'];
  return html`
    <li part="file interrupted-file" class="file" data-state="interrupted" data-fingerprint=${upload.fingerprint}>
      <span class="name" title=${upload.name}><bdi>${upload.name}</bdi></span>
      <span class="size"><bdi>${formatBytes(upload.size, t)}</bdi></span>
      ${progressBar(upload.name, ratio, t.progressText(formatBytes(upload.loaded, t), formatBytes(upload.size, t), percent))}
      <span class="state"
        >${state}${upload.hasHandle || upload.activeElsewhere ? nothing : html`<span class="hint"> ${t.interruptedPickAgain}</span>`}</span
      >
      <div part="actions" class="actions">
        ${actions.map(
          (action) =>
            html`<button
              part="button"
              type="button"
              data-action=${action}
              aria-label=${action === 'resume' ? t.resume(upload.name) : t.discard(upload.name)}
              @click=${() => act(action, upload)}
            >
              ${action === 'resume' ? t.resumeLabel : t.discardLabel}
            </button>`,
        )}
      </div>
    </li>
  `;
}

/**
 * Uploads a previous page left unfinished: name, size, how far it got, how long ago it
 * stopped; Resume where a stored file handle can re-open the file, Discard to give it up.
 */
export function interruptedList(
  uploads: readonly InterruptedUpload[],
  t: Translation,
  now: number,
  act: (action: InterruptedAction, upload: InterruptedUpload) => void,
): TemplateResult | typeof nothing {
  if (uploads.length === 0) return nothing;
  return html`<div part="interrupted" class="interrupted">
    <p id="interrupted-title" class="interrupted-title">${t.interruptedTitle}</p>
    <ul part="file-list interrupted-list" class="file-list" aria-labelledby="interrupted-title">
      ${repeat(uploads, (upload) => upload.fingerprint, (upload) => entry(upload, t, now, act))}
    </ul>
  </div>`;
}
