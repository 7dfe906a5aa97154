import { createMD5 } from 'hash-wasm';
import type { Md5Factory } from './digesters.js';

/**
 * A WebAssembly MD5 (hash-wasm), about three times spark-md5's speed. Compiling WebAssembly
 * needs CSP 'wasm-unsafe-eval'; where it is refused this rejects and the worker keeps
 * spark-md5. Each factory owns one instance and restarts it per digest: a worker runs one job
 * at a time and a job needs at most two MD5 states at once (the whole file's and a part's).
 */
export async function wasmMd5Pair(): Promise<readonly [Md5Factory, Md5Factory]> {
  const [a, b] = await Promise.all([createMD5(), createMD5()]);
  const factory =
    (instance: typeof a): Md5Factory =>
    () => {
      instance.init();
      return {
        update: (bytes) => {
          instance.update(bytes);
        },
        digest: () => instance.digest('hex'),
      };
    };
  return [factory(a), factory(b)];
}
