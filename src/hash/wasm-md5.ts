import { createMD5 } from 'hash-wasm';
import type { Md5Factory } from './digesters.js';

/**
 * A WebAssembly MD5 (hash-wasm), about three times spark-md5's speed. Compiling WebAssembly
 * needs CSP 'wasm-unsafe-eval'; where it is refused this rejects and the worker keeps
 * spark-md5. The instance is reused: a worker runs one job at a time, and each job starts
 * its MD5 with init().
 */
export async function wasmMd5(): Promise<Md5Factory> {
  const instance = await createMD5();
  return () => {
    instance.init();
    return {
      update: (bytes) => {
        instance.update(bytes);
      },
      digest: () => instance.digest('hex'),
    };
  };
}
