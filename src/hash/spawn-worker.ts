/**
 * The single place a hash worker is constructed: from its own file next to this chunk. The CDN
 * build swaps this module for spawn-worker-inline.ts (vite.cdn.config.ts), because a worker
 * script must be same-origin with the page and a CDN is not.
 */
export function spawnWorker(): Worker {
  return new Worker(new URL('./hash-worker.ts', import.meta.url), { type: 'module', name: 'chunk-uploader-hash' });
}
