import type { Hasher, PlannedPart, RangeAlgorithm, RangeDigests } from '../protocols/protocol.js';

/**
 * Digests of the parts about to be sent, computed ahead: while part k is on the wire, the
 * next parts are already being hashed in the workers, so hashing does not stall the upload.
 */
export class PartDigestQueue {
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

  /** Starts hashing these parts if not started yet. */
  prefetch(indices: Iterable<number>): void {
    for (const index of indices) this.#start(index);
  }

  /** The digests of a part; hands the result over and forgets it. */
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
