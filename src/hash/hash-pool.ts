import type { FileDigestRequest, FileDigests, Hasher, RangeAlgorithm, RangeDigests, RangeOptions } from '../protocols/protocol.js';
import { UploadError } from '../transport/upload-error.js';
import type { HashRequest, HashResponse } from './hash-messages.js';

interface Pending {
  readonly resolve: (value: RangeDigests | FileDigests) => void;
  readonly reject: (error: unknown) => void;
  readonly lane: Lane;
}

interface Lane {
  readonly worker: Worker;
  readonly files: Set<number>;
  busy: number;
  /** Which MD5 the worker runs, once it said so. */
  engine: Promise<HashEngine>;
}

/** `wasm` where the page's CSP allows WebAssembly, `js` (spark-md5) everywhere else. */
export type HashEngine = 'wasm' | 'js';

export interface HashPoolOptions {
  /** Workers to run; default: one per core but one, between 1 and 4. */
  readonly size?: number;
}

/** The single place a hash worker is constructed. */
function spawnWorker(): Worker {
  return new Worker(new URL('./hash-worker.ts', import.meta.url), { type: 'module', name: 'chunk-uploader-hash' });
}

/**
 * The main-thread side of hashing: hands jobs to a few workers, each of which reads the File
 * itself, and maps answers back by id. Jobs honour AbortSignals (the worker stops at its next
 * read). Workers are created on first use and shared by every file of an Uploader.
 */
export class HashPool {
  readonly size: number;
  #lanes: Lane[] = [];
  #pending = new Map<number, Pending>();
  #fileIds = new WeakMap<Blob, number>();
  #nextFileId = 1;
  #nextJob = 1;

  constructor(options: HashPoolOptions = {}) {
    const cores = globalThis.navigator?.hardwareConcurrency ?? 2;
    this.size = options.size ?? Math.min(4, Math.max(1, cores - 1));
  }

  /** A Hasher bound to one file, as adapters and the engine use it. */
  forFile(file: Blob): Hasher {
    return {
      range: (start, end, algorithms, signal, options) => this.range(file, start, end, algorithms, signal, options),
      file: (request, signal) => this.whole(file, request, signal),
    };
  }

  range(
    file: Blob,
    start: number,
    end: number,
    algorithms: readonly RangeAlgorithm[],
    signal: AbortSignal,
    options: RangeOptions = {},
  ): Promise<RangeDigests> {
    return this.#submit(file, signal, (id, fileId) => ({ type: 'range', id, fileId, start, end, algorithms, options })) as Promise<RangeDigests>;
  }

  whole(file: Blob, request: FileDigestRequest, signal: AbortSignal): Promise<FileDigests> {
    return this.#submit(file, signal, (id, fileId) => ({ type: 'file', id, fileId, request })) as Promise<FileDigests>;
  }

  /** Lets the workers drop their handle on a file no task needs any more. */
  release(file: Blob): void {
    const fileId = this.#fileIds.get(file);
    if (fileId === undefined) return;
    for (const lane of this.#lanes) {
      if (lane.files.delete(fileId)) lane.worker.postMessage({ type: 'close', fileId } satisfies HashRequest);
    }
    this.#fileIds.delete(file);
  }

  /** The MD5 implementation the workers run (starts a worker if none runs yet). */
  engine(): Promise<HashEngine> {
    return (this.#lanes[0] ?? this.#spawnLane()).engine;
  }

  terminate(): void {
    for (const lane of this.#lanes) lane.worker.terminate();
    this.#lanes = [];
    for (const pending of this.#pending.values()) pending.reject(new UploadError('hashing stopped', { kind: 'aborted' }));
    this.#pending.clear();
  }

  #submit(file: Blob, signal: AbortSignal, build: (id: number, fileId: number) => HashRequest): Promise<RangeDigests | FileDigests> {
    if (signal.aborted) return Promise.reject(new UploadError('hashing stopped', { kind: 'aborted', cause: signal.reason }));
    const lane = this.#pickLane();
    const fileId = this.#fileId(file);
    if (!lane.files.has(fileId)) {
      lane.files.add(fileId);
      lane.worker.postMessage({ type: 'open', fileId, file } satisfies HashRequest);
    }
    const id = this.#nextJob++;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.#pending.has(id)) return;
        this.#settle(id);
        lane.worker.postMessage({ type: 'cancel', id } satisfies HashRequest);
        reject(new UploadError('hashing stopped', { kind: 'aborted', cause: signal.reason }));
      };
      this.#pending.set(id, {
        resolve: (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
        lane,
      });
      lane.busy += 1;
      signal.addEventListener('abort', onAbort, { once: true });
      lane.worker.postMessage(build(id, fileId));
    });
  }

  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    if (pending === undefined) return undefined;
    this.#pending.delete(id);
    pending.lane.busy -= 1;
    return pending;
  }

  #fileId(file: Blob): number {
    let id = this.#fileIds.get(file);
    if (id === undefined) {
      id = this.#nextFileId++;
      this.#fileIds.set(file, id);
    }
    return id;
  }

  #pickLane(): Lane {
    const idle = this.#lanes.find((lane) => lane.busy === 0);
    if (idle !== undefined) return idle;
    if (this.#lanes.length < this.size) return this.#spawnLane();
    return this.#lanes.reduce((best, lane) => (lane.busy < best.busy ? lane : best));
  }

  #spawnLane(): Lane {
    const worker = spawnWorker();
    let reportEngine: (engine: HashEngine) => void = () => undefined;
    const lane: Lane = { worker, files: new Set(), busy: 0, engine: new Promise((resolve) => (reportEngine = resolve)) };
    worker.onmessage = (event: MessageEvent<HashResponse>) => {
      if (event.data.type === 'ready') reportEngine(event.data.engine);
      else this.#onMessage(event.data);
    };
    worker.onerror = (event) => this.#onCrash(lane, event.message);
    this.#lanes.push(lane);
    return lane;
  }

  #onMessage(message: Exclude<HashResponse, { type: 'ready' }>): void {
    const pending = this.#settle(message.id);
    if (pending === undefined) return;
    if (message.type === 'error') {
      pending.reject(new UploadError(`could not read the file to hash it: ${message.message}`, { kind: 'invalid', code: 'file-unreadable' }));
    } else {
      pending.resolve(message.digests);
    }
  }

  #onCrash(lane: Lane, message: string): void {
    for (const [id, pending] of [...this.#pending]) {
      if (pending.lane !== lane) continue;
      this.#settle(id);
      pending.reject(new UploadError(`the hash worker failed: ${message}`, { kind: 'client', code: 'hash-worker' }));
    }
    lane.worker.terminate();
    this.#lanes = this.#lanes.filter((l) => l !== lane);
  }
}
