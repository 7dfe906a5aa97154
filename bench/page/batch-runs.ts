import { md5 } from 'hash-wasm';
import { Uploader } from '../../src/core/uploader.js';
import { oss } from '../../src/protocols/oss.js';

/**
 * Bench runs against the sink (bench/lib/sink-server.ts): hand-written baselines, and the
 * engine and the element on batches of small files generated in the page. Each is measured by
 * bench-page.ts's `measured()` (seconds, longest main-thread task, worst frame).
 */

export interface MeasuredResult {
  readonly seconds: number;
  readonly longestTaskMs: number;
}
type Measure = (work: () => Promise<string | void>) => Promise<MeasuredResult>;

export interface BatchRun {
  /** The sink's base URL. */
  readonly sink: string;
  readonly count: number;
  readonly size: number;
  readonly concurrency: number;
  readonly integrity: boolean;
}

export interface SliceRun {
  readonly sink: string;
  readonly sliceSize: number;
  readonly lanes: number;
  readonly hash: boolean;
}

/** Files of `size` bytes with distinct content (the sink does not care; the page's hashing does). */
function batchFiles(count: number, size: number): File[] {
  return Array.from({ length: count }, (_, at) => {
    const bytes = new Uint8Array(size);
    new DataView(bytes.buffer).setUint32(0, at);
    return new File([bytes], `f${String(at).padStart(5, '0')}.bin`, { type: 'application/octet-stream' });
  });
}

async function signed(sink: string, op: string, body: object): Promise<{ url?: string; uploadId?: string; key?: string }> {
  const response = await fetch(`${sink}/sign/oss/${op}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ op, provider: 'oss', ...body }) });
  if (!response.ok) throw new Error(`sign ${op}: HTTP ${response.status}`);
  return (await response.json()) as { url?: string; uploadId?: string; key?: string };
}

function put(url: string, body: Blob, headers: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.onload = () => (xhr.status === 200 ? resolve() : reject(new Error(`PUT: HTTP ${xhr.status}`)));
    xhr.onerror = () => reject(new Error('PUT: network error'));
    xhr.send(body);
  });
}

/** Runs `work` over `items` with `lanes` in flight. */
async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T, at: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let at = next++; at < items.length; at = next++) await work(items[at] as T, at);
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
}

function base64OfHex(hex: string): string {
  return btoa(String.fromCharCode(...(hex.match(/../g) ?? []).map((pair) => parseInt(pair, 16))));
}

export function batchRuns(measured: Measure, theFile: () => File) {
  return {
    /** Hand-written: one sign and one PUT per file, `concurrency` files in flight. */
    handBatch: (run: BatchRun) => {
      const files = batchFiles(run.count, run.size);
      return measured(() => inLanes(files, run.concurrency, async (file) => put((await signed(run.sink, 'put', { key: file.name })).url ?? '', file)));
    },
    /** Hand-written: one sign and one PUT of the whole picked file. */
    handPut: (run: { readonly sink: string }) =>
      measured(async () => {
        const file = theFile();
        await put((await signed(run.sink, 'put', { key: file.name })).url ?? '', file.slice(0));
      }),
    /** Hand-written multipart: initiate, then one sign and one PUT per slice over `lanes`, then complete; with `hash`, an MD5 per slice (hash-wasm, in the page) sent as Content-MD5. */
    handSlices: (run: SliceRun) =>
      measured(async () => {
        const file = theFile();
        const { uploadId, key } = await signed(run.sink, 'initiate', { file: { name: file.name, size: file.size, type: '', lastModified: 0 } });
        const starts = Array.from({ length: Math.ceil(file.size / run.sliceSize) }, (_, at) => at * run.sliceSize);
        await inLanes(starts, run.lanes, async (start, at) => {
          const slice = file.slice(start, Math.min(start + run.sliceSize, file.size));
          const headers = run.hash ? { 'Content-MD5': base64OfHex(await md5(new Uint8Array(await slice.arrayBuffer()))) } : undefined;
          const { url } = await signed(run.sink, 'part', { key, uploadId, partNumber: at + 1, size: slice.size });
          await put(url ?? '', slice, headers);
        });
        await signed(run.sink, 'complete', { key, uploadId });
      }),
    /** The engine on a batch, to the sink's signer. */
    engineBatch: (run: BatchRun) => {
      const files = batchFiles(run.count, run.size);
      return measured(async () => {
        const uploader = new Uploader({
          targets: [oss()],
          endpoint: `${run.sink}/sign/oss`,
          concurrency: run.concurrency,
          integrity: run.integrity,
          objectKey: (file) => file.name,
          journalName: `bench-batch-${Date.now().toString(36)}`,
        });
        const done = new Promise<void>((resolve) => uploader.addEventListener('chunk-queue-complete', () => resolve(), { once: true }));
        uploader.add(files);
        await done;
        const failed = uploader.tasks.filter((task) => task.state !== 'done').length;
        await uploader.destroy();
        if (failed > 0) throw new Error(`${failed} files not done`);
      });
    },
    /** The element on a batch, rendering it. */
    elementBatch: (run: BatchRun) => {
      const files = batchFiles(run.count, run.size);
      return measured(async () => {
        const el = document.createElement('chunk-uploader');
        el.setAttribute('provider', 'oss');
        el.setAttribute('endpoint', `${run.sink}/sign/oss`);
        el.setAttribute('concurrency', String(run.concurrency));
        el.multiple = true;
        el.objectKey = (file) => file.name;
        el.options = { integrity: run.integrity, journalName: `bench-batch-${Date.now().toString(36)}` };
        document.body.append(el);
        const done = new Promise<void>((resolve, reject) => {
          el.addEventListener('chunk-queue-complete', () => resolve(), { once: true });
          el.addEventListener('chunk-config-error', (event) => reject(new Error(`${event.detail.attribute}: ${event.detail.error.message}`)));
        });
        el.addFiles(files);
        await done;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const failed = el.tasks.filter((task) => task.state !== 'done').length;
        await el.uploader?.destroy();
        el.remove();
        if (failed > 0) throw new Error(`${failed} files not done`);
      });
    },
  };
}
