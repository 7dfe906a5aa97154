import SparkMD5 from 'spark-md5';
import { createMD5 } from 'hash-wasm';
import { Md5 } from '../../src/hash/fast-md5.js';

interface Job {
  readonly size: number;
  readonly runs: number;
}

const scope = globalThis as unknown as { onmessage: ((e: MessageEvent<Job>) => void) | null; postMessage(m: unknown): void };

/** Best of `runs` rates in MiB/s: the least disturbed run is the engine's own speed. */
function best(runs: number, size: number, work: () => void): number {
  let rate = 0;
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    work();
    rate = Math.max(rate, size / 2 ** 20 / ((performance.now() - start) / 1000));
  }
  return Math.round(rate);
}

scope.onmessage = async (event) => {
  const { size, runs } = event.data;
  const a = new Uint8Array(size);
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i += 1) {
    a[i] = (i * 31 + 7) & 255;
    b[i] = (i * 17 + 3) & 255;
  }
  const wasm = await createMD5();
  scope.postMessage({
    'spark-md5': best(runs, size, () => {
      const spark = new SparkMD5.ArrayBuffer();
      spark.append(a.buffer);
      spark.end();
    }),
    'hash-wasm': best(runs, size, () => {
      wasm.init();
      wasm.update(a);
      wasm.digest('hex');
    }),
    'fast-md5, one message': best(runs, size, () => {
      const m = new Md5();
      m.update(a);
      m.digest();
    }),
    // Two messages of `size` bytes each: the rate counts both.
    'fast-md5, two messages interleaved': 2 * best(runs, size, () => {
      const x = new Md5();
      const y = new Md5();
      Md5.updateBoth(x, a, y, b);
      x.digest();
      y.digest();
    }),
  });
};
