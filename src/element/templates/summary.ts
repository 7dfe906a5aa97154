import { html, nothing, type TemplateResult } from 'lit';
import type { TaskSnapshot } from '../../core/task-snapshot.js';
import { formatBytes, formatDuration, formatPercent, formatSpeed } from '../i18n/localize.js';
import type { QueueCounts, Translation } from '../i18n/translation.js';
import { progressBar } from './progress-bar.js';
import { loadedOf, ratioOf } from './file-row.js';

/** The batch as numbers: counts, and bytes, speed and time left over every file not canceled. */
export interface BatchTotals extends QueueCounts {
  readonly loaded: number;
  readonly bytes: number;
  readonly bytesPerSecond: number | undefined;
  readonly etaMs: number | undefined;
}

export function batchTotals(tasks: readonly TaskSnapshot[]): BatchTotals {
  // One pass: the list is read at every render, and a batch's list is long.
  let total = 0;
  let done = 0;
  let failed = 0;
  let loaded = 0;
  let bytes = 0;
  let pending = 0;
  let speed = 0;
  let measured = false;
  for (const task of tasks) {
    if (task.state === 'canceled') continue;
    total += 1;
    const own = loadedOf(task);
    loaded += own.loaded;
    bytes += own.total;
    if (task.bytesPerSecond !== undefined) {
      speed += task.bytesPerSecond;
      measured = true;
    }
    if (task.state === 'done') done += 1;
    else if (task.state === 'failed') failed += 1;
    // Remaining bytes of failed files wait for the user, not for the network.
    else pending += task.total - own.loaded;
  }
  return {
    total,
    done,
    failed,
    remaining: total - done - failed,
    loaded,
    bytes,
    bytesPerSecond: measured ? speed : undefined,
    etaMs: measured && speed >= 1 ? Math.round((pending / speed) * 1000) : undefined,
  };
}

/**
 * Over the list: how many files are done, failed and remaining, and a total bar over the
 * bytes of every file not canceled, with their speed and time left.
 */
export function summary(tasks: readonly TaskSnapshot[], t: Translation): TemplateResult | typeof nothing {
  if (tasks.length === 0) return nothing;
  const totals = batchTotals(tasks);
  const ratio = ratioOf(totals.loaded, totals.bytes, totals.total > 0 && totals.done === totals.total);
  const loaded = formatBytes(totals.loaded, t);
  const bytes = formatBytes(totals.bytes, t);
  const moving = totals.remaining > 0 && totals.bytesPerSecond !== undefined;
  const line = t.totalLine({
    loaded,
    total: bytes,
    ...(moving && totals.bytesPerSecond !== undefined ? { speed: formatSpeed(totals.bytesPerSecond, t) } : {}),
    ...(moving && totals.etaMs !== undefined ? { eta: formatDuration(totals.etaMs, t) } : {}),
  });
  return html`<div part="summary" class="summary" data-loaded=${totals.loaded} data-total=${totals.bytes}>
    <p class="counts" dir=${t.$dir}>${t.summary(totals)}</p>
    ${progressBar(t.totalLabel, ratio, t.progressText(loaded, bytes, formatPercent(ratio, t)))}
    <p class="total-line" dir=${t.$dir}>${line}</p>
  </div>`;
}
