import type { HashPool } from '../hash/hash-pool.js';
import type { FileDigests, Hasher, PlannedPart, RangeAlgorithm, RangeDigests } from '../contracts/protocol.js';

/** Digests of parts about to be sent, ready ahead of time so hashing never stalls the wire. */
export interface PartDigestSource {
  /** Starts work on these parts if it has not started. */
  prefetch(indices: Iterable<number>): void;
  /** The digests of a part; hands the result over and forgets it. */
  take(index: number): Promise<RangeDigests>;
}

/**
 * Each part hashed as its own job, spread over the pool's workers: while part k is on the
 * wire, the next parts are hashed in parallel.
 */
export class PartDigestQueue implements PartDigestSource {
  #hasher: Hasher;
  #algorithms: readonly RangeAlgorithm[];
  #signal: AbortSignal;
  #part: (index: number) => PlannedPart;
  #started = new Map<number, Promise<RangeDigests>>();

  constructor(hasher: Hasher, algorithms: readonly RangeAlgorithm[], signal: AbortSignal, part: (index: number) => PlannedPart) {
    this.#hasher = hasher;
    this.#algorithms = algorithms;
    this.#signal = signal;
    this.#part = part;
  }

  prefetch(indices: Iterable<number>): void {
    for (const index of indices) this.#start(index);
  }

  take(index: number): Promise<RangeDigests> {
    const promise = this.#start(index);
    this.#started.delete(index);
    return promise;
  }

  #start(index: number): Promise<RangeDigests> {
    let promise = this.#started.get(index);
    if (promise === undefined) {
      const part = this.#part(index);
      promise = this.#hasher.range(part.start, part.end, this.#algorithms, this.#signal);
      // A prefetched result may never be taken (cancel); its failure must not go unhandled.
      promise.catch(() => undefined);
      this.#started.set(index, promise);
    }
    return promise;
  }
}

/**
 * One sequential pass giving every part's digests and the whole file's (the `fileMd5`
 * option): each byte is read once for both. Parts are served as the pass reaches them.
 */
export class StreamedPartDigests implements PartDigestSource {
  readonly whole: Promise<FileDigests>;
  #ready = new Map<number, RangeDigests>();
  #waiting = new Map<number, { resolve(d: RangeDigests): void; reject(e: unknown): void }>();

  constructor(pool: HashPool, file: Blob, partSize: number, algorithms: readonly RangeAlgorithm[], signal: AbortSignal) {
    this.whole = pool.stream(file, partSize, algorithms, { md5: true }, signal, (index, digests) => {
      const waiter = this.#waiting.get(index);
      if (waiter === undefined) this.#ready.set(index, digests);
      else {
        this.#waiting.delete(index);
        waiter.resolve(digests);
      }
    });
    this.whole.catch((error: unknown) => {
      for (const waiter of this.#waiting.values()) waiter.reject(error);
      this.#waiting.clear();
    });
  }

  prefetch(): void {
    // The pass runs ahead by itself.
  }

  take(index: number): Promise<RangeDigests> {
    const ready = this.#ready.get(index);
    if (ready !== undefined) {
      this.#ready.delete(index);
      return Promise.resolve(ready);
    }
    return new Promise((resolve, reject) => this.#waiting.set(index, { resolve, reject }));
  }
}
