import type { HashPool } from '../hash/hash-pool.js';
import { leaseHashPool } from '../hash/shared-pool.js';
import { releaseEndedFile } from './ended-file.js';
import { IdbJournal } from '../persist/idb-journal.js';
import type { JournalEntry } from '../persist/journal.js';
import { MemoryJournal } from '../persist/memory-journal.js';
import { TabChannel } from '../persist/tab-channel.js';
import type { Io } from '../contracts/protocol.js';
import type { Target } from '../contracts/target.js';
import type { Signer } from '../contracts/signer.js';
import type { Transport } from '../transport/transport.js';
import { UploadError } from '../transport/upload-error.js';
import { XhrTransport } from '../transport/xhr-transport.js';
import { adapterIo, storageTransportOf } from './uploader-io.js';
import { uploaderEvent, type UploaderEventMap, type UploaderEventName } from './events.js';
import { PerFile } from './per-file.js';
import { signerFor } from './uploader-signer.js';
import { refusalOf, resolveOptions, type ResolvedOptions, type UploaderOptions } from './options.js';
import { JournalHolder } from './journal-holder.js';
import { discardEntry, prune, type InterruptedUpload, type PruneReport } from './journal-maintenance.js';
import { isFileWithHandle, listInterrupted, reopenStoredFile, type FileWithHandle } from './interrupted-uploads.js';
import { IdleWatch } from './queue-idle.js';
import { Scheduler } from './scheduler.js';
import { StartQueue } from './start-queue.js';
import type { TaskSnapshot } from './task-snapshot.js';
import { isActive } from './task-state.js';
import { UploadTask, type TaskContext } from './upload-task.js';
import { UploaderEventTarget } from './uploader-event-target.js';

export type { FileWithHandle } from './interrupted-uploads.js';

/**
 * The headless engine: a queue of files uploading under one shared connection budget.
 * Usable with no element at all; the element is just one consumer of its events.
 *
 * ```ts
 * const uploader = new Uploader({ targets: [oss()], endpoint: '/api/oss' });
 * uploader.addEventListener('chunk-upload-success', (e) => console.log(e.detail.result.key));
 * uploader.add(input.files);
 * ```
 */
export class Uploader<T extends Target = Target> extends UploaderEventTarget {
  #options: ResolvedOptions;
  #perFile: PerFile;
  #scheduler: Scheduler;
  #transport: Transport;
  #storageTransport: Transport;
  #signer: Signer;
  #hashPool: HashPool;
  /** Lets go of the page's shared pool (a no-op for a pool the page passed in). */
  #releasePool: () => void;
  #journal: JournalHolder;
  #channel = new TabChannel();
  #scope: string;
  #tasks = new Map<string, UploadTask>();
  #starts = new StartQueue<UploadTask>(
    () => this.#scheduler.lanes,
    (task) => this.#tasks.get(task.id) === task,
  );
  #order = 0;
  #idle = new IdleWatch();
  #lacking = { put: false, parts: false };

  constructor(options: UploaderOptions<T>) {
    super();
    this.#options = resolveOptions(options);
    this.#scheduler = new Scheduler(this.#options.concurrency);
    this.#transport = this.#options.transport ?? new XhrTransport();
    this.#signer = signerFor(this.#options, this.#transport);
    this.#storageTransport = storageTransportOf(this.#options, this.#transport);
    const lease = leaseHashPool(this.#options.hashPool, this.#options.hashWorkers);
    this.#hashPool = lease.pool;
    this.#releasePool = lease.release;
    this.#perFile = new PerFile(this.#hashPool);
    this.#scope = this.#options.endpoint ?? 'signer';
    const { persist, journalName } = this.#options;
    this.#journal = new JournalHolder(
      () => (persist ? IdbJournal.open(journalName) : Promise.resolve(new MemoryJournal())),
      (reason) => this.#emit('chunk-journal-fallback', { reason }),
    );
    // A closing tab gets no more timers: write what the journal holds while the page hides.
    globalThis.addEventListener?.('pagehide', this.#flushJournals);
    globalThis.addEventListener?.('visibilitychange', this.#flushJournals);
  }

  #flushJournals = (): void => this.#tasks.forEach((task) => void task.flushJournal());

  /** Frozen snapshots of every task, in the order files were added. */
  get tasks(): readonly TaskSnapshot[] {
    return Object.freeze([...this.#tasks.values()].map((task) => task.snapshot));
  }

  task(id: string): TaskSnapshot | undefined {
    return this.#tasks.get(id)?.snapshot;
  }

  /** The target new files go to. */
  get target(): Target {
    return this.#options.target;
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
    this.#starts.pump();
  }

  /**
   * Validates and queues files. Files that fail validation are reported with
   * `chunk-file-reject` and not queued; the rest are announced with the cancelable
   * `chunk-file-add`. Returns snapshots of the tasks created. With `autoStart`, the oldest
   * files start at once and the rest as running ones end (see StartQueue): a thousand files
   * are listed, not all started, in this call.
   */
  add(files: Iterable<File | FileWithHandle> | ArrayLike<File | FileWithHandle>): readonly TaskSnapshot[] {
    const accepted: { readonly file: File; readonly handle?: FileSystemFileHandle }[] = [];
    const plain: File[] = [];
    for (const item of Array.from(files)) {
      const file = isFileWithHandle(item) ? item.file : item;
      const reason = refusalOf(file, this.#options);
      if (reason !== undefined) {
        this.#emit('chunk-file-reject', { file, reason });
        continue;
      }
      accepted.push(isFileWithHandle(item) ? item : { file });
      plain.push(file);
    }
    if (accepted.length === 0) return [];
    const add = uploaderEvent('chunk-file-add', { files: Object.freeze(plain) }, { cancelable: true });
    if (!this.dispatchEvent(add)) return [];
    const created = accepted.map(({ file, handle }) => {
      this.#order += 1;
      const task = new UploadTask(file, this.#order, this.#taskContext(), handle);
      this.#tasks.set(task.id, task);
      return task;
    });
    if (this.#options.autoStart) this.#starts.want(created);
    this.#checkIdle();
    return created.map((task) => task.snapshot);
  }

  /** Starts queued tasks (all, oldest first as lanes free up; or one, at once). Only needed with `autoStart: false`. */
  start(id?: string): void {
    this.#begin(id);
  }

  pause(id?: string): void {
    for (const task of this.#select(id)) task.pause();
    this.#checkIdle();
  }

  /** Continues paused tasks and retries failed ones. */
  resume(id?: string): void {
    for (const task of this.#select(id)) task.resume();
    this.#begin(id);
  }

  #begin(id: string | undefined): void {
    if (id === undefined) this.#starts.want(this.#tasks.values());
    else this.#tasks.get(id)?.start();
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

  /**
   * Stops every task without telling the servers (like closing the tab); the journal keeps
   * what is needed to resume. Resolves once the journal is written.
   */
  async destroy(): Promise<void> {
    const tasks = [...this.#tasks.values()];
    this.#starts.clear();
    for (const task of tasks) task.pause();
    await Promise.all(tasks.map((task) => task.flushJournal()));
    this.#tasks.clear();
    this.#releasePool();
    this.#channel.close();
    globalThis.removeEventListener?.('pagehide', this.#flushJournals);
    globalThis.removeEventListener?.('visibilitychange', this.#flushJournals);
  }

  /** True while the journal lives in IndexedDB (uploads survive a reload). */
  async persistent(): Promise<boolean> {
    return (await this.#journal.current).persistent;
  }

  /**
   * Uploads a previous page or a crashed browser left unfinished, for this provider and
   * backend. Adding the same file again (picked, dropped, or through `resumeInterrupted`)
   * continues it.
   */
  async interrupted(): Promise<readonly InterruptedUpload[]> {
    const active = new Set([...this.#tasks.values()].map((task) => task.snapshot.fingerprint));
    return listInterrupted(this.#journal, this.#options.protocol.name, this.#scope, active);
  }

  /**
   * Re-opens an interrupted upload's file from its stored handle and continues it. Call it from
   * a user gesture (a click): the browser may ask the user to allow reading the file again.
   * Resolves with the new task, or undefined when no handle is stored or permission is refused.
   */
  async resumeInterrupted(fingerprint: string): Promise<TaskSnapshot | undefined> {
    const reopened = await reopenStoredFile(this.#journal, fingerprint);
    if (reopened === undefined) return undefined;
    const [task] = this.add([reopened]);
    return task;
  }

  /** Gives up an interrupted upload: aborts its server session and forgets it. */
  async discardInterrupted(fingerprint: string): Promise<void> {
    const entry = await this.#journal.run((journal) => journal.get(fingerprint));
    if (entry !== undefined) await this.#discard(entry);
  }

  /**
   * Removes journal entries nobody will resume: older than `journalMaxAgeMs` (their server
   * uploads aborted through the signer), sessions the server no longer knows, finished ones.
   */
  prune(): Promise<PruneReport> {
    return prune(
      this.#journal,
      this.#options.protocol,
      { provider: this.#options.protocol.name, endpoint: this.#scope },
      this.#options.journalMaxAgeMs,
      () => this.#io(new File([], ''), new AbortController().signal),
    );
  }

  #discard(entry: JournalEntry): Promise<void> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    return discardEntry(entry, this.#options.protocol, this.#io(new File([], entry.name), controller.signal), this.#journal).finally(() =>
      clearTimeout(timer),
    );
  }

  #io(file: File, signal: AbortSignal): Io {
    return adapterIo(this.#options, this.#perFile, this.#storageTransport, this.#signer, file, signal);
  }

  #select(id: string | undefined): UploadTask[] {
    return id === undefined ? [...this.#tasks.values()] : [this.#tasks.get(id)].filter((task): task is UploadTask => task !== undefined);
  }

  #taskContext(): TaskContext {
    return {
      options: this.#options,
      scheduler: this.#scheduler,
      hashPool: this.#hashPool,
      journal: this.#journal,
      channel: this.#channel,
      scope: this.#scope,
      lacking: this.#lacking,
      io: (file, signal) => this.#io(file, signal),
      discard: (entry) => this.#discard(entry),
      emit: (type, detail) => {
        this.#emit(type, detail);
        // Note: a task announces success or error synchronously right after its state change
        // to done or failed; checking a microtask later keeps chunk-queue-complete last.
        if (type !== 'chunk-upload-state') return;
        const { task, from, to } = detail as UploaderEventMap['chunk-upload-state']['detail'];
        this.#starts.moved(from, to);
        releaseEndedFile(this.#hashPool, this.#tasks.get(task.id)?.file, to);
        queueMicrotask(() => this.#checkIdle());
      },
    };
  }

  #emit<K extends UploaderEventName>(type: K, detail: UploaderEventMap[K]['detail']): void {
    this.dispatchEvent(uploaderEvent(type, detail));
  }

  /** Fires `chunk-queue-complete` once each time the queue goes from busy to idle. */
  #checkIdle(): void {
    const summary = this.#idle.settled([...this.#tasks.values()].map((task) => task.state));
    if (summary !== undefined) this.#emit('chunk-queue-complete', summary);
  }
}
