import { HashPool } from '../hash/hash-pool.js';
import type { Signer } from '../protocols/signer.js';
import type { Transport } from '../transport/transport.js';
import { UploadError } from '../transport/upload-error.js';
import { XhrTransport } from '../transport/xhr-transport.js';
import { uploaderEvent, type QueueSummary, type UploaderEventMap, type UploaderEventName } from './events.js';
import { createHttpSigner } from './http-signer.js';
import { accepts, resolveOptions, type ResolvedOptions, type UploaderOptions } from './options.js';
import { Scheduler } from './scheduler.js';
import type { TaskSnapshot } from './task-snapshot.js';
import { isActive } from './task-state.js';
import { UploadTask, type TaskContext } from './upload-task.js';

type Listener<K extends UploaderEventName> = (this: Uploader, event: UploaderEventMap[K]) => unknown;

/**
 * The headless engine: a queue of files uploading under one shared connection budget.
 * Usable with no element at all; the element is just one consumer of its events.
 *
 * ```ts
 * const uploader = new Uploader({ protocol: createOssProtocol(), endpoint: '/api/oss' });
 * uploader.addEventListener('chunk-upload-success', (e) => console.log(e.detail.result.key));
 * uploader.add(input.files);
 * ```
 */
export class Uploader extends EventTarget {
  #options: ResolvedOptions;
  #scheduler: Scheduler;
  #transport: Transport;
  #signer: Signer;
  #hashPool: HashPool;
  #tasks = new Map<string, UploadTask>();
  #order = 0;
  #wasBusy = false;

  constructor(options: UploaderOptions) {
    super();
    this.#options = resolveOptions(options);
    this.#scheduler = new Scheduler(this.#options.concurrency);
    this.#transport = this.#options.transport ?? new XhrTransport();
    this.#signer = this.#options.signer ?? createHttpSigner(this.#options.endpoint ?? '', this.#transport);
    this.#hashPool = new HashPool(this.#options.hashWorkers === undefined ? {} : { size: this.#options.hashWorkers });
  }

  override addEventListener<K extends UploaderEventName>(
    type: K,
    listener: Listener<K> | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener, options);
  }

  override removeEventListener<K extends UploaderEventName>(
    type: K,
    listener: Listener<K> | null,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void {
    super.removeEventListener(type, listener, options);
  }

  /** Frozen snapshots of every task, in the order files were added. */
  get tasks(): readonly TaskSnapshot[] {
    return Object.freeze([...this.#tasks.values()].map((task) => task.snapshot));
  }

  task(id: string): TaskSnapshot | undefined {
    return this.#tasks.get(id)?.snapshot;
  }

  /** Connections shared by every file (1..16). */
  get concurrency(): number {
    return this.#scheduler.lanes;
  }

  set concurrency(value: number) {
    if (!Number.isInteger(value) || value < 1 || value > 16) {
      throw new UploadError(`concurrency must be a whole number from 1 to 16; got ${String(value)}`, {
        kind: 'invalid',
        code: 'invalid-option',
      });
    }
    this.#scheduler.lanes = value;
  }

  /**
   * Validates and queues files. Files that fail validation are reported with
   * `chunk-file-reject` and not queued; the rest are announced with the cancelable
   * `chunk-file-add`. Returns snapshots of the tasks created.
   */
  add(files: Iterable<File> | ArrayLike<File>): readonly TaskSnapshot[] {
    const accepted: File[] = [];
    for (const file of Array.from(files)) {
      const reason = this.#validate(file);
      if (reason === undefined) accepted.push(file);
      else this.#emit('chunk-file-reject', { file, reason });
    }
    if (accepted.length === 0) return [];
    const add = uploaderEvent('chunk-file-add', { files: Object.freeze(accepted) }, { cancelable: true });
    if (!this.dispatchEvent(add)) return [];
    const created = accepted.map((file) => {
      this.#order += 1;
      const task = new UploadTask(file, this.#order, this.#taskContext());
      this.#tasks.set(task.id, task);
      return task;
    });
    if (this.#options.autoStart) for (const task of created) task.start();
    this.#checkIdle();
    return created.map((task) => task.snapshot);
  }

  /** Starts queued tasks (all, or one). Only needed with `autoStart: false`. */
  start(id?: string): void {
    for (const task of this.#select(id)) task.start();
  }

  pause(id?: string): void {
    for (const task of this.#select(id)) task.pause();
    this.#checkIdle();
  }

  /** Continues paused tasks and retries failed ones. */
  resume(id?: string): void {
    for (const task of this.#select(id)) {
      task.resume();
      task.start();
    }
  }

  /** Cancels and aborts the server-side uploads; resolves when the servers were told. */
  async cancel(id?: string): Promise<void> {
    await Promise.all(this.#select(id).map((task) => task.cancel()));
  }

  /** Forgets a task that is not active (done, failed, canceled, paused). */
  remove(id: string): void {
    const task = this.#tasks.get(id);
    if (task === undefined || isActive(task.state)) return;
    if (task.state === 'paused' || task.state === 'failed') void task.cancel();
    this.#tasks.delete(id);
  }

  /** Stops every task without telling the servers (like closing the tab). */
  destroy(): void {
    for (const task of this.#tasks.values()) task.pause();
    this.#tasks.clear();
    this.#hashPool.terminate();
  }

  #select(id: string | undefined): UploadTask[] {
    if (id === undefined) return [...this.#tasks.values()];
    const task = this.#tasks.get(id);
    return task === undefined ? [] : [task];
  }

  #validate(file: File): UploadError | undefined {
    const { maxFileSize, accept } = this.#options;
    if (file.size > maxFileSize) {
      return new UploadError(`${file.name} is ${file.size} bytes, over the limit of ${maxFileSize} bytes`, {
        kind: 'invalid',
        code: 'file-too-large',
      });
    }
    if (!accepts(accept, file)) {
      return new UploadError(`${file.name} is not an accepted type (${accept.join(', ')})`, {
        kind: 'invalid',
        code: 'file-type',
      });
    }
    return undefined;
  }

  #taskContext(): TaskContext {
    return {
      options: this.#options,
      scheduler: this.#scheduler,
      hashPool: this.#hashPool,
      signer: this.#signer,
      transport: this.#transport,
      emit: (type, detail) => {
        this.#emit(type, detail);
        // Note: a task announces success or error synchronously right after its state change
        // to done or failed; checking a microtask later keeps chunk-queue-complete last.
        if (type === 'chunk-upload-state') queueMicrotask(() => this.#checkIdle());
      },
    };
  }

  #emit<K extends UploaderEventName>(type: K, detail: UploaderEventMap[K]['detail']): void {
    this.dispatchEvent(uploaderEvent(type, detail));
  }

  /** Fires `chunk-queue-complete` once each time the queue goes from busy to idle. */
  #checkIdle(): void {
    const states = [...this.#tasks.values()].map((task) => task.state);
    const busy = states.some((state) => state === 'queued' || isActive(state));
    if (busy) {
      this.#wasBusy = true;
      return;
    }
    if (!this.#wasBusy) return;
    this.#wasBusy = false;
    const summary: QueueSummary = Object.freeze({
      succeeded: states.filter((state) => state === 'done').length,
      failed: states.filter((state) => state === 'failed').length,
      canceled: states.filter((state) => state === 'canceled').length,
    });
    this.#emit('chunk-queue-complete', summary);
  }

}
