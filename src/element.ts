/**
 * The lean element entry: defines `<chunk-uploader>` with no built-in target. The page gives it
 * the targets it uses (`el.targets = [s3()]`, each from `chunk-uploader/providers/<name>`), so a
 * bundler leaves out every other target. `chunk-uploader.js` is the same element knowing all.
 */
import type { ChunkUploader } from './element/chunk-uploader.component.js';
import { defineChunkUploader } from './element/define.js';

export { ChunkUploader } from './element/chunk-uploader.component.js';
export { ConfigErrorEvent } from './element/config-error-event.js';
export type { ConfigErrorDetail } from './element/config-error-event.js';
export { InterruptedChangeEvent } from './element/interrupted-change-event.js';
export type { InterruptedChangeDetail } from './element/interrupted-change-event.js';
export type { EngineExtras } from './element/settings.js';
export type { ChunkUploaderEventMap, ChunkUploaderEventName } from './element/element-events.js';
export { CHUNK_UPLOADER_EVENT_NAMES } from './element/element-events.js';

defineChunkUploader();

declare global {
  interface HTMLElementTagNameMap {
    'chunk-uploader': ChunkUploader;
  }
}
