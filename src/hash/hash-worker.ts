import { fileDigester, rangeDigester, sparkMd5, type Md5Factory } from './digesters.js';
import type { HashJob, HashRequest, HashResponse } from './hash-messages.js';
import { readRange } from './read-ranges.js';
import { wasmMd5Pair } from './wasm-md5.js';

/**
 * The hash worker: reads ranges of a File it was given once, and digests them. Part bytes are
 * read here, never on the page's thread. The pool gives a worker one job at a time.
 */

interface WorkerScope {
  onmessage: ((event: MessageEvent<HashRequest>) => void) | null;
  postMessage(message: HashResponse): void;
}

const scope = globalThis as unknown as WorkerScope;
const files = new Map<number, Blob>();
const canceled = new Set<number>();
/** The MD5 for range jobs and whole-file digests, and a second one for parts within a pass. */
let md5: Md5Factory = sparkMd5;
let partMd5: Md5Factory = sparkMd5;

const ready = wasmMd5Pair()
  .then(([first, second]) => {
    md5 = first;
    partMd5 = second;
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
      void run(message);
  }
};

async function run(job: HashJob): Promise<void> {
  await ready;
  const { id } = job;
  const stopped = (): boolean => canceled.has(id);
  try {
    const file = files.get(job.fileId);
    if (file === undefined) throw new Error('the file was closed');
    const finished = job.type === 'range' ? await runRange(job, file, stopped) : await runFile(job, file, stopped);
    if (!finished) scope.postMessage({ type: 'canceled', id });
  } catch (error) {
    scope.postMessage({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });
  } finally {
    canceled.delete(id);
  }
}

async function runRange(job: Extract<HashJob, { type: 'range' }>, file: Blob, stopped: () => boolean): Promise<boolean> {
  const digester = rangeDigester(job.algorithms, md5, job.options);
  if (!(await readRange(file, job.start, job.end, (bytes) => digester.update(bytes), stopped))) return false;
  scope.postMessage({ type: 'range', id: job.id, digests: digester.finish() });
  return true;
}

/** One pass over the file: the whole-file digests and, when asked, every part's on the way. */
async function runFile(job: Extract<HashJob, { type: 'file' }>, file: Blob, stopped: () => boolean): Promise<boolean> {
  const whole = fileDigester(job.request, md5);
  const parts = job.parts;
  if (parts === undefined) {
    if (!(await readRange(file, 0, file.size, (bytes) => whole.update(bytes), stopped))) return false;
  } else {
    for (let index = 0, start = 0; start < file.size || (index === 0 && file.size === 0); index += 1, start += parts.partSize) {
      const end = Math.min(start + parts.partSize, file.size);
      const part = rangeDigester(parts.algorithms, partMd5);
      const ok = await readRange(file, start, end, (bytes) => {
        whole.update(bytes);
        part.update(bytes);
      }, stopped);
      if (!ok) return false;
      scope.postMessage({ type: 'part', id: job.id, index, digests: part.finish() });
      if (file.size === 0) break;
    }
  }
  scope.postMessage({ type: 'file', id: job.id, digests: whole.finish() });
  return true;
}
