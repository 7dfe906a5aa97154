import { defaultMd5, fileDigester, rangeDigester } from './digesters.js';
import { FAST_MD5_SUPPORTED, Md5 } from './fast-md5.js';
import { hexToBase64 } from './digesters.js';
import type { HashJob, HashRequest, HashResponse } from './hash-messages.js';
import { PairedRanges } from './paired-ranges.js';
import { readRange } from './read-ranges.js';

/**
 * The hash worker: reads ranges of a File it was given once, and digests them. Part bytes are
 * read here, never on the page's thread. The pool gives a worker one job at a time, or two
 * MD5-only ranges, which are hashed interleaved (paired-ranges.ts).
 */

interface WorkerScope {
  onmessage: ((event: MessageEvent<HashRequest>) => void) | null;
  postMessage(message: HashResponse): void;
}

const scope = globalThis as unknown as WorkerScope;
const files = new Map<number, Blob>();
const canceled = new Set<number>();
const paired = new PairedRanges();

scope.postMessage({ type: 'ready', engine: FAST_MD5_SUPPORTED ? 'js' : 'noble' });

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
      if (isPairable(message)) startPaired(message);
      else void run(message);
  }
};

/** MD5-only ranges: the pool may send two at once, and they are hashed interleaved. */
function isPairable(job: HashJob): job is Extract<HashJob, { type: 'range' }> {
  return FAST_MD5_SUPPORTED && job.type === 'range' && job.algorithms.length === 1 && job.algorithms[0] === 'md5' && job.options.crc32Every === undefined;
}

function startPaired(job: Extract<HashJob, { type: 'range' }>): void {
  const { id } = job;
  const file = files.get(job.fileId);
  if (file === undefined) {
    scope.postMessage({ type: 'error', id, message: 'the file was closed' });
    return;
  }
  paired.add({
    id,
    file,
    start: job.start,
    end: job.end,
    stopped: () => canceled.has(id),
    done: (digests) => {
      canceled.delete(id);
      scope.postMessage({ type: 'range', id, digests });
    },
    canceled: () => {
      canceled.delete(id);
      scope.postMessage({ type: 'canceled', id });
    },
    failed: (error) => {
      canceled.delete(id);
      scope.postMessage({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });
    },
  });
}

async function run(job: HashJob): Promise<void> {
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
  const digester = rangeDigester(job.algorithms, defaultMd5, job.options);
  if (!(await readRange(file, job.start, job.end, (bytes) => digester.update(bytes), stopped))) return false;
  scope.postMessage({ type: 'range', id: job.id, digests: digester.finish() });
  return true;
}

/** One pass over the file: the whole-file digests and, when asked, every part's on the way. */
async function runFile(job: Extract<HashJob, { type: 'file' }>, file: Blob, stopped: () => boolean): Promise<boolean> {
  const parts = job.parts;
  if (parts === undefined) {
    const whole = fileDigester(job.request, defaultMd5);
    if (!(await readRange(file, 0, file.size, (bytes) => whole.update(bytes), stopped))) return false;
    scope.postMessage({ type: 'file', id: job.id, digests: whole.finish() });
    return true;
  }
  const pairable = FAST_MD5_SUPPORTED && onlyMd5(job.request) && parts.algorithms.every((a) => a === 'md5');
  const whole = pairable ? undefined : fileDigester(job.request, defaultMd5);
  const wholeMd5 = pairable ? new Md5() : undefined;
  const count = file.size === 0 ? 1 : Math.ceil(file.size / parts.partSize);
  for (let index = 0; index < count; index += 1) {
    const start = index * parts.partSize;
    const end = Math.min(start + parts.partSize, file.size);
    let digests;
    if (wholeMd5 !== undefined) {
      // The part and the file consume the same bytes: hash them as two interleaved messages.
      const partMd5 = new Md5();
      const ok = await readRange(file, start, end, (bytes) => Md5.updateBoth(wholeMd5, bytes, partMd5, bytes), stopped);
      if (!ok) return false;
      const hex = parts.algorithms.length > 0 ? partMd5.digest() : undefined;
      digests = hex === undefined ? {} : { md5Hex: hex, md5Base64: hexToBase64(hex) };
    } else {
      const part = rangeDigester(parts.algorithms, defaultMd5);
      const ok = await readRange(file, start, end, (bytes) => {
        whole?.update(bytes);
        part.update(bytes);
      }, stopped);
      if (!ok) return false;
      digests = part.finish();
    }
    scope.postMessage({ type: 'part', id: job.id, index, digests });
  }
  const final = wholeMd5 !== undefined ? { md5Hex: wholeMd5.digest() } : (whole?.finish() ?? {});
  scope.postMessage({ type: 'file', id: job.id, digests: final });
  return true;
}

function onlyMd5(request: { readonly md5?: boolean; readonly qetag?: boolean; readonly sha1Slices?: number }): boolean {
  return request.md5 === true && request.qetag !== true && request.sha1Slices === undefined;
}
