/// <reference types="vite/client" />
/**
 * The CDN build's hash worker: its code is inlined into the one file and started from a Blob
 * URL, which takes the page's origin, so the worker starts whichever origin serves the script.
 * A page with a Content-Security-Policy must allow `worker-src blob:`.
 */
import HashWorker from './hash-worker.ts?worker&inline';

export function spawnWorker(): Worker {
  return new HashWorker({ name: 'chunk-uploader-hash' });
}
