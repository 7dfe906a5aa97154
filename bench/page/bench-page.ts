import '../../src/chunk-uploader.js';
import { Uploader } from '../../src/core/uploader.js';
import { HashPool } from '../../src/hash/hash-pool.js';
import { oss } from '../../src/protocols/oss.js';
import { batchRuns } from './batch-runs.js';

/**
 * The browser half of the bench. Node (bench/run.ts) picks a disk-backed file into #file and
 * calls these functions through Playwright; each returns seconds and the longest main-thread
 * task seen while it ran.
 */

interface RunResult {
  readonly seconds: number;
  readonly longestTaskMs: number;
  readonly engine?: string;
  /** What the slowest animation frame of 50 ms or more spent its time on. */
  readonly worstFrame?: string;
}

let longest = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
}).observe({ type: 'longtask', buffered: false });

/** The slowest animation frame's script attribution: what a long task was made of. */
interface FrameScript {
  readonly invoker: string;
  readonly sourceFunctionName: string;
  readonly sourceURL: string;
  readonly duration: number;
}
interface AnimationFrameTiming extends PerformanceEntry {
  readonly scripts?: FrameScript[];
  readonly renderStart?: number;
  readonly styleAndLayoutStart?: number;
}
let worstFrame: { duration: number; scripts: string } = { duration: 0, scripts: '' };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries() as AnimationFrameTiming[]) {
    if (entry.duration <= worstFrame.duration) continue;
    const scripts = (entry.scripts ?? [])
      .filter((script) => script.duration >= 5)
      .map((script) => `${script.invoker} ${script.sourceFunctionName}@${script.sourceURL.split('/').pop() ?? ''} ${Math.round(script.duration)} ms`)
      .join('; ');
    // Rendering: from the frame's render start (rAF callbacks, then style and layout) to its end.
    const end = entry.startTime + entry.duration;
    const render = entry.renderStart ? Math.round(end - entry.renderStart) : 0;
    const layout = entry.styleAndLayoutStart ? Math.round(end - entry.styleAndLayoutStart) : 0;
    worstFrame = { duration: entry.duration, scripts: `${scripts || 'no script over 5 ms'}; render ${render} ms (style+layout ${layout} ms)` };
  }
}).observe({ type: 'long-animation-frame', buffered: false });

function theFile(): File {
  const input = document.querySelector<HTMLInputElement>('#file');
  const file = input?.files?.[0];
  if (file === undefined) throw new Error('no file picked');
  return file;
}

async function measured(work: () => Promise<string | void>): Promise<RunResult> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  longest = 0;
  worstFrame = { duration: 0, scripts: '' };
  const start = performance.now();
  const engine = await work();
  const seconds = (performance.now() - start) / 1000;
  // Long tasks are reported after they end: give the observer a turn.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const frame = worstFrame.duration >= 50 ? `${Math.round(worstFrame.duration)} ms frame: ${worstFrame.scripts}` : '';
  return { seconds, longestTaskMs: longest, ...(engine ? { engine } : {}), ...(frame ? { worstFrame: frame } : {}) };
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

Object.assign(globalThis, { bench: { rawPut, engineUpload, elementUpload, hashOnly, ...batchRuns(measured, theFile) } });
document.title = 'bench ready';
