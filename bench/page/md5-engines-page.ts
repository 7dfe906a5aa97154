/** Runs the MD5 engine comparison in a worker (where the engine hashes) and reports MB/s. */
const worker = new Worker(new URL('./md5-engines-worker.ts', import.meta.url), { type: 'module' });

function measure(size: number, runs: number): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<Record<string, number>>) => resolve(event.data);
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage({ size, runs });
  });
}

Object.assign(globalThis, { md5Engines: { measure } });
document.title = 'md5 ready';
