import type { TaskSnapshot } from '../core/task-snapshot.js';
import type { IncomingFile } from './file-intake.js';
import { parseMaxFiles, withinLimit } from './file-limit.js';
import type { Translation } from './i18n/translation.js';
import type { MessageController } from './message-controller.js';
import type { Thumbnails } from './thumbnails.js';
import type { UploaderController } from './uploader-controller.js';

/**
 * Hands picked, dropped or pasted files to the current engine, up to `max-files`; the rest are
 * turned away with a notice and a spoken sentence (`announce`). Returns the snapshots of those
 * accepted; `thumbs` is asked for their previews.
 */
export function admitFiles(
  files: readonly IncomingFile[],
  maxFiles: number | string | undefined,
  controller: UploaderController,
  messages: MessageController,
  thumbs: Thumbnails,
  t: Translation,
  announce: (text: string) => void,
): readonly TaskSnapshot[] {
  messages.notices = [];
  const engine = controller.current;
  if (engine === undefined) {
    messages.refuseAdd();
    return [];
  }
  const max = parseMaxFiles(maxFiles);
  const { fit, turnedAway } = withinLimit(files, max.limit, controller.tasks);
  if (max.bad) messages.notices = [{ kind: 'bad-max-files', value: String(maxFiles) }];
  if (turnedAway > 0 && max.limit !== undefined) {
    messages.notices = [{ kind: 'too-many', turnedAway, limit: max.limit }];
    announce(t.tooManyFiles(turnedAway, max.limit));
  }
  const added = engine.add(fit);
  thumbs.wantAll(added, fit);
  if (added.length > 0) announce(t.filesAdded(added.length));
  return added;
}
