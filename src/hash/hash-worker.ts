import { fileDigester, rangeDigester, sparkMd5, type Md5Factory } from './digesters.js';
import type { HashRequest, HashResponse } from './hash-messages.js';
import { readRange } from './read-ranges.js';
import { wasmMd5 } from './wasm-md5.js';

/**
 * The hash worker: reads ranges of a File it was given once, and digests them. Part bytes are
 * read here, never on the page's thread. Jobs run one at a time per worker; the pool spreads
 * them over several workers.
 */

interface WorkerScope {
  onmessage: ((event: MessageEvent<HashRequest>) => void) | null;
  postMessage(message: HashResponse): void;
}

const scope = globalThis as unknown as WorkerScope;
const files = new Map<number, Blob>();
const canceled = new Set<number>();
let md5: Md5Factory = sparkMd5;
let queue: Promise<void> = Promise.resolve();

const ready = wasmMd5()
  .then((factory) => {
    md5 = factory;
    scope.postMessage({ type: 'ready', engine: 'wasm' });
  })
  .catch(() => {
    // Note: a page whose CSP lacks 'wasm-unsafe-eval' lands here and keeps spark-md5.
    scope.postMessage({ type: 'ready', engine: 'js' });
  });

scope.onmessage = (event) => {
  const message = event.data;
  switch (message.type) {
    case 'open':
      files.set(message.fileId, message.file);
      return;
    case 'close':
      files.delete(message.fileId);
      return;
    case 'cancel':
      canceled.add(message.id);
      return;
    default:
      queue = queue.then(() => run(message)).catch(() => undefined);
  }
};

async function run(message: Extract<HashRequest, { type: 'range' | 'file' }>): Promise<void> {
  await ready;
  const { id } = message;
  const stopped = (): boolean => canceled.has(id);
  try {
    const file = files.get(message.fileId);
    if (file === undefined) throw new Error('the file was closed');
    if (message.type === 'range') {
      const digester = rangeDigester(message.algorithms, md5, message.options);
      if (await readRange(file, message.start, message.end, (bytes) => digester.update(bytes), stopped)) {
        scope.postMessage({ type: 'range', id, digests: digester.finish() });
      }
    } else {
      const digester = fileDigester(message.request, md5);
      if (await readRange(file, 0, file.size, (bytes) => digester.update(bytes), stopped)) {
        scope.postMessage({ type: 'file', id, digests: digester.finish() });
      }
    }
  } catch (error) {
    scope.postMessage({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });
  } finally {
    canceled.delete(id);
  }
}
