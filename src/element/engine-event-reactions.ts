import type { UploaderEvent, UploaderEventMap } from '../core/events.js';
import { Uploader } from '../core/uploader.js';
import { announcementFor } from './announce.js';
import type { Translation } from './i18n/translation.js';
import type { JournalController } from './journal-controller.js';
import type { MessageController } from './message-controller.js';

/** What the element does with engine events beyond re-dispatching them. */
export interface EngineEventContext {
  readonly journal: JournalController;
  readonly messages: MessageController;
  /** The largest file size in force: the element's `max-file-size` and the storage's limit. */
  maxFileSize(): number;
  announce(text: string): void;
}

/**
 * A journal that fell back to memory shows a notice; a state change may concern a listed
 * unfinished upload, so the journal is read again; rejections and outcomes are spoken.
 */
export function reactToEngineEvent(event: UploaderEvent<unknown>, context: EngineEventContext, t: Translation): void {
  if (event.type === 'chunk-journal-fallback') {
    if (event.target instanceof Uploader) context.journal.fallBack(event.target);
    return;
  }
  // A task that starts, ends or takes over may be one the list shows: read it again.
  if (event.type === 'chunk-upload-state') context.journal.refresh();
  if (event.type === 'chunk-file-reject') {
    const { file, reason } = (event as UploaderEventMap['chunk-file-reject']).detail;
    context.announce(context.messages.rejected(file.name, reason.code, context.maxFileSize(), t));
    return;
  }
  const line = announcementFor(event, t);
  if (line !== undefined) context.announce(line);
}
