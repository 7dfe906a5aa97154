import type { UploaderEvent, UploaderEventMap } from '../core/events.js';
import { Uploader } from '../core/uploader.js';
import { announcementFor } from './announce.js';
import type { Translation } from './i18n/translation.js';
import type { JournalController } from './journal-controller.js';
import type { MessageController } from './message-controller.js';

/**
 * A journal that fell back to memory shows a notice; the journal hears each state change (it
 * reads the interrupted list again when the change may touch it); rejections and outcomes are
 * spoken (`announce`). `maxFileSize` is the limit in force: `max-file-size` and the storage's.
 */
export function reactToEngineEvent(
  event: UploaderEvent<unknown>,
  journal: JournalController,
  messages: MessageController,
  maxFileSize: () => number,
  translation: () => Translation,
  announce: (text: string) => void,
): void {
  if (event.type === 'chunk-journal-fallback') {
    if (event.target instanceof Uploader) journal.fallBack(event.target);
    return;
  }
  if (event.type === 'chunk-upload-state') journal.taskMoved();
  // Progress is most events, and says nothing: the translation is looked up only to speak.
  if (event.type === 'chunk-upload-progress' || event.type === 'chunk-part-complete') return;
  const t = translation();
  if (event.type === 'chunk-file-reject') {
    const { file, reason } = (event as UploaderEventMap['chunk-file-reject']).detail;
    announce(messages.rejected(file.name, reason.code, maxFileSize(), t));
    return;
  }
  const line = announcementFor(event, t);
  if (line !== undefined) announce(line);
}
