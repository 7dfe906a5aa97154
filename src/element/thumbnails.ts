import type { TaskSnapshot } from '../core/task-snapshot.js';
import type { IncomingFile } from './file-intake.js';

/** Images larger than this get a type icon: decoding them is not worth a 48-pixel preview. */
export const THUMBNAIL_MAX_BYTES = 25 * 1024 * 1024;
/** CSS pixels of a preview's height. */
const THUMBNAIL_SIZE = 48;

/**
 * Image previews for the rows, decoded off the main thread: `createImageBitmap` with resize
 * options decodes and scales a Blob in the browser's image decoder, and the page only hands the
 * finished bitmap to a canvas. One decode per file, at most two at a time; `changed` is called
 * when one is ready (or failed, which leaves the icon).
 */
export class Thumbnails {
  #bitmaps = new Map<string, ImageBitmap | 'pending' | 'none'>();
  #queue: { readonly id: string; readonly file: File }[] = [];
  #running = 0;
  #changed: () => void;

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  /** Asks for a preview of this task's file, if it is an image small enough. */
  want(id: string, file: File): void {
    if (this.#bitmaps.has(id)) return;
    // Note: nothing is kept for a file with no preview, so a batch of other files costs a
    // render nothing here (keepOnly).
    if (!file.type.startsWith('image/') || file.size > THUMBNAIL_MAX_BYTES || typeof createImageBitmap !== 'function') return;
    this.#bitmaps.set(id, 'pending');
    this.#queue.push({ id, file });
    this.#pump();
  }

  /** The preview, once decoded. */
  get(id: string): ImageBitmap | undefined {
    const found = this.#bitmaps.get(id);
    return found instanceof ImageBitmap ? found : undefined;
  }

  /** Asks for previews of newly added tasks, each matched with the file it was made from. */
  wantAll(added: readonly TaskSnapshot[], given: readonly IncomingFile[]): void {
    const files = given.map((item) => (item instanceof Blob ? item : item.file));
    for (const task of added) {
      const at = files.findIndex((file) => file.name === task.name && file.size === task.size && file.type === task.type);
      const [file] = at < 0 ? [] : files.splice(at, 1);
      if (file !== undefined) this.want(task.id, file);
    }
  }

  /** Frees the previews of tasks no longer listed. */
  keepOnly(tasks: readonly TaskSnapshot[]): void {
    if (this.#bitmaps.size === 0) return;
    const ids = new Set(tasks.map((task) => task.id));
    for (const [id, bitmap] of this.#bitmaps) {
      if (ids.has(id)) continue;
      if (bitmap instanceof ImageBitmap) bitmap.close();
      this.#bitmaps.delete(id);
    }
  }

  #pump(): void {
    while (this.#running < 2 && this.#queue.length > 0) {
      const next = this.#queue.shift();
      if (next === undefined) return;
      this.#running += 1;
      const scale = Math.min(3, Math.max(1, Math.ceil(globalThis.devicePixelRatio ?? 1)));
      createImageBitmap(next.file, { resizeHeight: THUMBNAIL_SIZE * scale, resizeQuality: 'medium', imageOrientation: 'from-image' })
        .then(
          (bitmap) => {
            if (this.#bitmaps.get(next.id) === 'pending') this.#bitmaps.set(next.id, bitmap);
            else bitmap.close();
          },
          () => {
            // Note: not an image the browser can decode; the row keeps its type icon.
            if (this.#bitmaps.get(next.id) === 'pending') this.#bitmaps.set(next.id, 'none');
          },
        )
        .finally(() => {
          this.#running -= 1;
          this.#changed();
          this.#pump();
        });
    }
  }
}
