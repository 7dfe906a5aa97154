import type { UploaderEvent, UploaderEventMap, UploaderEventName } from '../core/events.js';
import { failureText, type Translation } from './i18n/translation.js';

function is<K extends UploaderEventName>(event: UploaderEvent<unknown>, type: K): event is UploaderEventMap[K] {
  return event.type === type;
}

/**
 * What the polite live region says about an engine event: outcomes and user-visible stops
 * only. Progress and routine transitions stay silent, so a screen reader is not flooded.
 */
export function announcementFor(event: UploaderEvent<unknown>, t: Translation): string | undefined {
  if (is(event, 'chunk-upload-success')) return t.uploaded(event.detail.task.name);
  if (is(event, 'chunk-upload-error')) return t.failed(event.detail.task.name, failureText(t, event.detail.error));
  if (is(event, 'chunk-upload-state')) {
    if (event.detail.to === 'canceled') return t.canceled(event.detail.task.name);
    if (event.detail.to === 'paused') return t.paused(event.detail.task.name);
    return undefined;
  }
  if (is(event, 'chunk-queue-complete')) {
    const { succeeded, failed, canceled } = event.detail;
    // One file's own announcement already said it all.
    return succeeded + failed + canceled > 1 ? t.queueComplete(succeeded, failed, canceled) : undefined;
  }
  return undefined;
}
