import { md5 } from 'hash-wasm';
import { Uploader } from '../../src/core/uploader.js';
import { oss } from '../../src/protocols/oss.js';
import { batchFiles, inLanes, put, signed, type Measure } from './page-helpers.js';

/**
 * Bench runs against the sink (bench/lib/sink-server.ts): hand-written baselines, and the
 * engine and the element on batches of small files generated in the page. Each is measured by
 * bench-page.ts's `measured()` (seconds, longest main-thread task, worst frame, first file done).
 */

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

function base64OfHex(hex: string): string {
  return btoa(String.fromCharCode(...(hex.match(/../g) ?? []).map((pair) => parseInt(pair, 16))));
}

export function batchRuns(measured: Measure, theFile: () => File) {
  return {
    /** Hand-written: one sign and one PUT per file, `concurrency` files in flight. */
    handBatch: (run: BatchRun) => {
      const files = batchFiles(run.count, run.size);
      return measured((fileDone) =>
        inLanes(files, run.concurrency, async (file) => {
          await put((await signed(run.sink, 'put', { key: file.name })).url ?? '', file);
          fileDone();
        }),
      );
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
    engineBatch: async (run: BatchRun) => {
      const files = batchFiles(run.count, run.size);
      // On a page the uploader is built before files come, as the element is mounted before
      // (elementBatch): its journal is open by the time of the first add().
      const uploader = new Uploader({
        targets: [oss()],
        endpoint: `${run.sink}/sign/oss`,
        concurrency: run.concurrency,
        integrity: run.integrity,
        objectKey: (file) => file.name,
        journalName: `bench-batch-${Date.now().toString(36)}`,
      });
      await uploader.persistent();
      return measured(async (fileDone, adding) => {
        const done = new Promise<void>((resolve) => uploader.addEventListener('chunk-queue-complete', () => resolve(), { once: true }));
        uploader.addEventListener('chunk-upload-success', fileDone);
        adding();
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
      return measured(async (fileDone, adding) => {
        const el = document.createElement('chunk-uploader');
        el.setAttribute('provider', 'oss');
        el.setAttribute('endpoint', `${run.sink}/sign/oss`);
        el.setAttribute('concurrency', String(run.concurrency));
        el.multiple = true;
        el.objectKey = (file) => file.name;
        el.options = { integrity: run.integrity, journalName: `bench-batch-${Date.now().toString(36)}` };
        document.body.append(el);
        // On a page the element is there before files come: its first, empty render is done,
        // the page has been idle (a person picks or drops files seconds later), and files
        // arrive in a task of their own (a drop, a change event), not in the frame's.
        await el.updateComplete;
        await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 1000 }));
        await new Promise((resolve) => setTimeout(resolve, 0));
        const done = new Promise<void>((resolve, reject) => {
          el.addEventListener('chunk-queue-complete', () => resolve(), { once: true });
          el.addEventListener('chunk-config-error', (event) => reject(new Error(`${event.detail.attribute}: ${event.detail.error.message}`)));
        });
        el.addEventListener('chunk-upload-success', fileDone);
        adding();
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
