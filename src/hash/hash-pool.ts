import type {
  FileDigestRequest,
  FileDigests,
  Hasher,
  RangeAlgorithm,
  RangeDigests,
  RangeOptions,
} from '../contracts/protocol.js';
import { UploadError } from '../transport/upload-error.js';
import type { HashJob, HashRequest, HashResponse } from './hash-messages.js';
import { spawnWorker } from './spawn-worker.js';

/**
 * `js`: the unrolled JavaScript MD5 (fast-md5.ts), which needs neither WebAssembly nor eval and
 * so runs under any Content-Security-Policy; `noble`: @noble/hashes' MD5, on big-endian machines.
 */
export type HashEngine = 'js' | 'noble';

/** Lower runs first: digests of parts about to be sent, then whole-file passes, then checks. */
const PRIORITY = { urgent: 0, file: 1, background: 2 } as const;

/** A worker with nothing to do for this long is stopped (a new one starts on demand). */
const IDLE_MS = 30_000;

interface Job {
  readonly id: number;
  readonly file: Blob;
  readonly priority: number;
  /** An MD5-only range: it may share a worker with another such range (paired-ranges.ts). */
  readonly pairable: boolean;
  readonly build: (fileId: number) => HashJob;
  readonly resolve: (value: RangeDigests | FileDigests) => void;
  readonly reject: (error: unknown) => void;
  readonly onPart?: (index: number, digests: RangeDigests) => void;
  lane?: Lane;
}

interface Lane {
  readonly worker: Worker;
  readonly files: Set<number>;
  /** Running jobs: one, or two pairable ones. */
  jobs: Job[];
  idleTimer: ReturnType<typeof setTimeout> | undefined;
  readonly engine: Promise<HashEngine>;
}

export interface HashPoolOptions {
  /** Workers to run; default: one per core but one, between 1 and 4. */
  readonly size?: number;
}


/**
 * The main-thread side of hashing. Jobs wait here and go, most urgent first, to idle workers,
 * each of which reads the File itself (posted to it once). Answers map back by id; jobs honour
 * AbortSignals, whether still queued or already running (the worker stops at its next read).
 */
export class HashPool {
  readonly size: number;
  #lanes: Lane[] = [];
  #queue: Job[] = [];
  #running = new Map<number, Job>();
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
    const priority = options.background === true ? PRIORITY.background : PRIORITY.urgent;
    const pairable = algorithms.length === 1 && algorithms[0] === 'md5' && options.crc32Every === undefined;
    return this.#submit(file, priority, signal, (id, fileId) => ({ type: 'range', id, fileId, start, end, algorithms, options }), undefined, pairable) as Promise<RangeDigests>;
  }

  whole(file: Blob, request: FileDigestRequest, signal: AbortSignal): Promise<FileDigests> {
    return this.#submit(file, PRIORITY.file, signal, (id, fileId) => ({ type: 'file', id, fileId, request })) as Promise<FileDigests>;
  }

  /**
   * One sequential pass over the file giving every part's digests as the pass reaches it
   * (`onPart`) and the whole-file digests at the end: no byte is read twice for two digests.
   */
  stream(
    file: Blob,
    partSize: number,
    algorithms: readonly RangeAlgorithm[],
    request: FileDigestRequest,
    signal: AbortSignal,
    onPart: (index: number, digests: RangeDigests) => void,
  ): Promise<FileDigests> {
    return this.#submit(
      file,
      PRIORITY.urgent,
      signal,
      (id, fileId) => ({ type: 'file', id, fileId, request, parts: { partSize, algorithms } }),
      onPart,
    ) as Promise<FileDigests>;
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

  /** Jobs waiting or running: zero once every job ended or was canceled. */
  get pending(): number {
    return this.#queue.length + this.#running.size;
  }

  terminate(): void {
    for (const lane of this.#lanes) {
      clearTimeout(lane.idleTimer);
      lane.worker.terminate();
    }
    this.#lanes = [];
    const stopped = new UploadError('hashing stopped', { kind: 'aborted' });
    for (const job of [...this.#queue, ...this.#running.values()]) job.reject(stopped);
    this.#queue = [];
    this.#running.clear();
  }

  #submit(
    file: Blob,
    priority: number,
    signal: AbortSignal,
    build: (id: number, fileId: number) => HashJob,
    onPart?: (index: number, digests: RangeDigests) => void,
    pairable = false,
  ): Promise<RangeDigests | FileDigests> {
    if (signal.aborted) return Promise.reject(new UploadError('hashing stopped', { kind: 'aborted', cause: signal.reason }));
    const id = this.#nextJob++;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => this.#cancel(id, new UploadError('hashing stopped', { kind: 'aborted', cause: signal.reason }));
      const job: Job = {
        id,
        file,
        priority,
        pairable,
        build: (fileId) => build(id, fileId),
        resolve: (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
        ...(onPart === undefined ? {} : { onPart }),
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const at = this.#queue.findIndex((queued) => queued.priority > priority);
      if (at === -1) this.#queue.push(job);
      else this.#queue.splice(at, 0, job);
      this.#dispatch();
    });
  }

  #cancel(id: number, reason: UploadError): void {
    const queued = this.#queue.findIndex((job) => job.id === id);
    if (queued !== -1) {
      const [job] = this.#queue.splice(queued, 1);
      job?.reject(reason);
      return;
    }
    const running = this.#running.get(id);
    if (running === undefined) return;
    // The worker answers `canceled` after its current read; the lane frees up then.
    running.lane?.worker.postMessage({ type: 'cancel', id } satisfies HashRequest);
    running.reject(reason);
  }

  #dispatch(): void {
    for (let head = this.#queue[0]; head !== undefined; head = this.#queue[0]) {
      const lane = this.#laneFor(head);
      if (lane === undefined) return;
      const job = this.#queue.shift();
      if (job === undefined) return;
      clearTimeout(lane.idleTimer);
      const fileId = this.#fileId(job.file);
      if (!lane.files.has(fileId)) {
        lane.files.add(fileId);
        lane.worker.postMessage({ type: 'open', fileId, file: job.file } satisfies HashRequest);
      }
      lane.jobs.push(job);
      job.lane = lane;
      this.#running.set(job.id, job);
      lane.worker.postMessage(job.build(fileId) satisfies HashRequest);
    }
  }

  /** An idle worker, a new one, or one running a single job this one can pair with. */
  #laneFor(job: Job): Lane | undefined {
    const idle = this.#lanes.find((lane) => lane.jobs.length === 0);
    if (idle !== undefined) return idle;
    if (this.#lanes.length < this.size) return this.#spawnLane();
    if (!job.pairable) return undefined;
    return this.#lanes.find((lane) => lane.jobs.length === 1 && lane.jobs[0]?.pairable === true);
  }

  #fileId(file: Blob): number {
    let id = this.#fileIds.get(file);
    if (id === undefined) {
      id = this.#nextFileId++;
      this.#fileIds.set(file, id);
    }
    return id;
  }

  #spawnLane(): Lane {
    const worker = spawnWorker();
    let reportEngine: (engine: HashEngine) => void = () => undefined;
    const lane: Lane = {
      worker,
      files: new Set(),
      jobs: [],
      idleTimer: undefined,
      engine: new Promise((resolve) => (reportEngine = resolve)),
    };
    worker.onmessage = (event: MessageEvent<HashResponse>) => {
      if (event.data.type === 'ready') reportEngine(event.data.engine);
      else this.#onMessage(lane, event.data);
    };
    worker.onerror = (event) => this.#onCrash(lane, event.message);
    this.#lanes.push(lane);
    return lane;
  }

  #onMessage(lane: Lane, message: Exclude<HashResponse, { type: 'ready' }>): void {
    const job = this.#running.get(message.id);
    if (message.type === 'part') {
      job?.onPart?.(message.index, message.digests);
      return;
    }
    this.#running.delete(message.id);
    if (lane.jobs.some((running) => running.id === message.id)) this.#free(lane, message.id);
    if (job === undefined) return;
    if (message.type === 'error') {
      job.reject(new UploadError(`could not read the file to hash it: ${message.message}`, { kind: 'invalid', code: 'file-unreadable' }));
    } else if (message.type === 'canceled') {
      job.reject(new UploadError('hashing stopped', { kind: 'aborted' }));
    } else {
      job.resolve(message.digests);
    }
  }

  #free(lane: Lane, id: number): void {
    lane.jobs = lane.jobs.filter((job) => job.id !== id);
    this.#dispatch();
    if (lane.jobs.length > 0) return;
    lane.idleTimer = setTimeout(() => this.#retire(lane), IDLE_MS);
  }

  #retire(lane: Lane): void {
    if (lane.jobs.length > 0) return;
    lane.worker.terminate();
    this.#lanes = this.#lanes.filter((l) => l !== lane);
  }

  #onCrash(lane: Lane, message: string): void {
    for (const job of lane.jobs) {
      this.#running.delete(job.id);
      job.reject(new UploadError(`the hash worker failed: ${message}`, { kind: 'client', code: 'hash-worker' }));
    }
    lane.jobs = [];
    clearTimeout(lane.idleTimer);
    lane.worker.terminate();
    this.#lanes = this.#lanes.filter((l) => l !== lane);
    this.#dispatch();
  }
}
