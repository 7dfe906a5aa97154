/**
 * The one module with a side effect: importing it defines `<chunk-uploader>` (once, even when
 * two copies of the library share a page). Import `./index.js` for the headless engine alone.
 */
import { ChunkUploader } from './element/chunk-uploader.component.js';
import { builtInTargets } from './protocols/built-in-targets.js';

export { ChunkUploader } from './element/chunk-uploader.component.js';
export { ConfigErrorEvent } from './element/config-error-event.js';
export type { ConfigErrorDetail } from './element/config-error-event.js';
export { InterruptedChangeEvent } from './element/interrupted-change-event.js';
export type { InterruptedChangeDetail } from './element/interrupted-change-event.js';
export type { EngineExtras } from './element/settings.js';
export * from './index.js';

// An element with no `targets` property of its own knows every built-in target.
if (ChunkUploader.defaultTargets.length === 0) ChunkUploader.defaultTargets = builtInTargets();
if (customElements.get('chunk-uploader') === undefined) customElements.define('chunk-uploader', ChunkUploader);

declare global {
  interface HTMLElementTagNameMap {
    'chunk-uploader': ChunkUploader;
  }
}
