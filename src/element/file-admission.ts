import type { TaskSnapshot } from '../core/task-snapshot.js';
import type { IncomingFile } from './file-intake.js';
import { parseMaxFiles, withinLimit } from './file-limit.js';
import type { Translation } from './i18n/translation.js';
import type { MessageController } from './message-controller.js';
import type { Thumbnails } from './thumbnails.js';
import type { UploaderController } from './uploader-controller.js';

/** What admitting files needs of the element. */
export interface AdmissionContext {
  readonly controller: UploaderController;
  readonly messages: MessageController;
  readonly thumbs: Thumbnails;
  readonly maxFiles: number | string | undefined;
  readonly t: Translation;
  announce(text: string): void;
}

/**
 * Hands picked, dropped or pasted files to the current engine, up to `max-files`; the rest are
 * turned away with a notice and a spoken sentence. Returns the snapshots of those accepted.
 */
export function admitFiles(context: AdmissionContext, files: readonly IncomingFile[]): readonly TaskSnapshot[] {
  const { controller, messages, t } = context;
  messages.notices = [];
  const engine = controller.current;
  if (engine === undefined) {
    messages.refuseAdd();
    return [];
  }
  const max = parseMaxFiles(context.maxFiles);
  const { fit, turnedAway } = withinLimit(files, max.limit, controller.tasks);
  if (max.bad) messages.notices = [{ kind: 'bad-max-files', value: String(context.maxFiles) }];
  if (turnedAway > 0 && max.limit !== undefined) {
    messages.notices = [{ kind: 'too-many', turnedAway, limit: max.limit }];
    context.announce(t.tooManyFiles(turnedAway, max.limit));
  }
  const added = engine.add(fit);
  context.thumbs.wantAll(added, fit);
  if (added.length > 0) context.announce(t.filesAdded(added.length));
  return added;
}
