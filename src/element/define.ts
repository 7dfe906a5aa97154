import { ChunkUploader } from './chunk-uploader.component.js';

/**
 * Registers `<chunk-uploader>` once, even when two copies of the library share a page. In Node
 * (server rendering) Lit's Node build brings a registry shim; where there is none, there is
 * nothing to register with. Importing the element must not throw there: the browser upgrades
 * the server-rendered tag when the same module runs on the client.
 */
export function defineChunkUploader(): void {
  if (typeof customElements === 'undefined') return;
  if (customElements.get('chunk-uploader') === undefined) customElements.define('chunk-uploader', ChunkUploader);
}
