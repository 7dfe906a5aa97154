import '../../src/chunk-uploader.js';
import { Uploader } from '../../src/core/uploader.js';
import { HashPool } from '../../src/hash/hash-pool.js';
import { oss } from '../../src/protocols/oss.js';
import { batchRuns } from './batch-runs.js';
import { FrameWatch, type FrameReport } from './frame-watch.js';
import { peerRuns } from './peer-runs.js';

/**
 * The browser half of the bench. Node (bench/run.ts) picks a disk-backed file into #file and
 * calls these functions through Playwright; each returns seconds and the longest main-thread
 * task seen while it ran.
 */

interface RunResult extends FrameReport {
  readonly seconds: number;
  /** Milliseconds from the start of the run to its first file done (batches). */
  readonly firstFileMs?: number;
  readonly engine?: string;
}

const watch = new FrameWatch();

function theFile(): File {
  const input = document.querySelector<HTMLInputElement>('#file');
  const file = input?.files?.[0];
  if (file === undefined) throw new Error('no file picked');
  return file;
}

async function measured(work: (fileDone: () => void, adding: () => void) => Promise<string | void>): Promise<RunResult> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  watch.reset();
  const start = performance.now();
  // Note: the first file counts from the add() call (`adding`), not from building the uploader;
  // runs with nothing to build before their first request count from the start.
  let addedAt = start;
  let firstFileMs: number | undefined;
  const engine = await work(
    () => {
      firstFileMs ??= performance.now() - addedAt;
    },
    () => {
      addedAt = performance.now();
    },
  );
  const seconds = (performance.now() - start) / 1000;
  // Long tasks and frames are reported after they end: give the observers a turn.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const report = watch.report();
  return { seconds, ...report, ...(engine ? { engine } : {}), ...(firstFileMs === undefined ? {} : { firstFileMs }) };
}

/** One XHR PUT of the whole file: the wire's limit on this machine. */
function rawPut(url: string): Promise<RunResult> {
  return measured(
    () =>
      new Promise<void>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('PUT', url);
        xhr.onload = () => (xhr.status === 200 ? resolve() : reject(new Error(`HTTP ${xhr.status}: ${xhr.responseText}`)));
        xhr.onerror = () => reject(new Error('network error'));
        // A typeless slice: the presigned URL was signed without a Content-Type.
        xhr.send(theFile().slice(0));
      }),
  );
}

interface EngineRun {
  readonly endpoint: string;
  readonly key: string;
  readonly integrity: boolean;
  readonly partSize: number;
  readonly concurrency: number;
  readonly hashWorkers?: number;
}

function engineUpload(run: EngineRun): Promise<RunResult> {
  return measured(async () => {
    const uploader = new Uploader({
      targets: [oss()],
      endpoint: run.endpoint,
      objectKey: () => run.key,
      integrity: run.integrity,
      partSize: run.partSize,
      concurrency: run.concurrency,
      journalName: `bench-${run.key.replace(/\W/g, '')}`,
      ...(run.hashWorkers === undefined ? {} : { hashWorkers: run.hashWorkers }),
    });
    const done = new Promise<void>((resolve, reject) => {
      uploader.addEventListener('chunk-upload-success', () => resolve());
      uploader.addEventListener('chunk-upload-error', (event) => reject(new Error(event.detail.error.message)));
    });
    uploader.add([theFile()]);
    await done;
    await uploader.destroy();
  });
}

/** The same upload through a `<chunk-uploader>` in the page, rendering every row change. */
function elementUpload(run: EngineRun): Promise<RunResult> {
  return measured(async () => {
    const el = document.createElement('chunk-uploader');
    // The bench's storage is the OSS emulator; the element has no default provider.
    el.setAttribute('provider', 'oss');
    el.setAttribute('endpoint', run.endpoint);
    el.setAttribute('concurrency', String(run.concurrency));
    el.setAttribute('part-size', String(run.partSize));
    el.objectKey = () => run.key;
    el.options = {
      integrity: run.integrity,
      journalName: `bench-${run.key.replace(/\W/g, '')}`,
      ...(run.hashWorkers === undefined ? {} : { hashWorkers: run.hashWorkers }),
    };
    document.body.append(el);
    const done = new Promise<void>((resolve, reject) => {
      el.addEventListener('chunk-upload-success', () => resolve());
      el.addEventListener('chunk-upload-error', (event) => reject(new Error(event.detail.error.message)));
      // A refused setting would otherwise leave the run waiting forever.
      el.addEventListener('chunk-config-error', (event) => reject(new Error(`${event.detail.attribute}: ${event.detail.error.message}`)));
    });
    el.addFiles([theFile()]);
    await done;
    // A frame to render the last state, inside the measured time.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await el.uploader?.destroy();
    el.remove();
  });
}

/** The hash pool alone: MD5 of every part, as the engine would ask for them. */
function hashOnly(run: { readonly partSize: number; readonly hashWorkers?: number }): Promise<RunResult> {
  return measured(async () => {
    const file = theFile();
    const pool = new HashPool(run.hashWorkers === undefined ? {} : { size: run.hashWorkers });
    const signal = new AbortController().signal;
    const starts: number[] = [];
    for (let start = 0; start < file.size; start += run.partSize) starts.push(start);
    let next = 0;
    const lane = async (): Promise<void> => {
      for (let i = next++; i < starts.length; i = next++) {
        const start = starts[i] ?? 0;
        await pool.range(file, start, Math.min(start + run.partSize, file.size), ['md5'], signal);
      }
    };
    await Promise.all(Array.from({ length: pool.size + 1 }, lane));
    const engine = await pool.engine();
    pool.terminate();
    return engine;
  });
}

Object.assign(globalThis, { bench: { rawPut, engineUpload, elementUpload, hashOnly, ...batchRuns(measured, theFile), ...peerRuns(measured, theFile) } });
document.title = 'bench ready';
