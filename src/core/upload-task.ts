import type { FileDigests, Io, PlannedPart, Session, UploadResult } from '../protocols/protocol.js';
import type { JournalEntry } from '../persist/journal.js';
import type { HeldLock } from '../persist/tab-lock.js';
import { toUploadError, UploadError } from '../transport/upload-error.js';
import { attempt, type AttemptContext } from './attempt.js';
import { choosePartSize, countParts, fileInfoOf, partAt } from './planner.js';
import { PartLedger } from './part-ledger.js';
import { sendParts } from './part-sender.js';
import { abortSession } from './remote-abort.js';
import { PRIORITY } from './scheduler.js';
import { claim, identify, type Identified } from './task-identity.js';
import { journalEntry, TaskJournal } from './task-journal.js';
import { TaskActivity } from './task-condition.js';
import { TaskProgress } from './task-progress.js';
import type { TaskContext } from './task-context.js';
import { freezeSnapshot, type TaskSnapshot } from './task-snapshot.js';
import { assertTransition, isActive, isTerminal, type TaskState } from './task-state.js';

export type { TaskContext } from './task-context.js';

/** Abort reasons, so a late failure can tell a user's intent from a real error. */
export const PAUSE = Symbol('chunk-uploader pause');
export const CANCEL = Symbol('chunk-uploader cancel');

/** How often a task may start over with a new server session before it gives up. */
const MAX_RESTARTS = 3;
/** How often an InvalidPart-style answer at completion may send the task back to fix parts. */
const MAX_REPAIRS = 2;

let nextId = 0;

/** One file's upload: its state machine, its server session, its parts, its journal entry. */
export class UploadTask {
  readonly id: string;
  readonly file: File;
  readonly order: number;
  #ctx: TaskContext;
  #handle: FileSystemFileHandle | undefined;
  #state: TaskState = 'queued';
  #ids: Identified | undefined;
  #lock: HeldLock | undefined;
  #resumeFrom: JournalEntry | undefined;
  #session: Session | undefined;
  #partSize = 0;
  #partCount = 0;
  #ledger = new PartLedger(() => this.#touch());
  /** The whole file's digests, when `fileMd5` asked for them (one pass with the parts'). */
  #fileDigests: FileDigests | undefined;
  #controller: AbortController | undefined;
  #progress: TaskProgress;
  #activity = new TaskActivity(() => this.#emitProgress());
  #error: UploadError | undefined;
  #result: UploadResult | undefined;
  #resumed = false;
  #startedAt: number | undefined;
  #snapshot: TaskSnapshot | undefined;

  constructor(file: File, order: number, ctx: TaskContext, handle?: FileSystemFileHandle) {
    nextId += 1;
    this.id = `task-${Date.now().toString(36)}-${nextId}`;
    this.file = file;
    this.order = order;
    this.#ctx = ctx;
    this.#handle = handle;
    this.#progress = new TaskProgress(() => this.#emitProgress());
  }

  get state(): TaskState {
    return this.#state;
  }

  get snapshot(): TaskSnapshot {
    if (this.#snapshot !== undefined) return this.#snapshot;
    const loaded = this.#loaded();
    this.#snapshot = freezeSnapshot({
      id: this.id,
      file: this.file,
      state: this.#state,
      loaded,
      ...this.#activity.pace(loaded, this.file.size, this.#state === 'uploading'),
      partsDone: this.#ledger.size,
      partsTotal: this.#partCount,
      key: this.#session?.key,
      result: this.#result,
      error: this.#error,
      startedAt: this.#startedAt,
      resumed: this.#resumed,
      fingerprint: this.#ids?.fingerprint,
      elsewhere: this.#progress.elsewhere,
    });
    return this.#snapshot;
  }

  #loaded(): number {
    return this.#state === 'done' ? this.file.size : this.#progress.loaded(this.#ledger.records, this.file.size);
  }

  /** Leaves `queued` and runs until done, failed, paused or canceled. */
  start(): void {
    if (this.#state !== 'queued') return;
    this.#transition('preparing');
    this.#ctx.emit('chunk-upload-start', { task: this.snapshot });
    void this.#run();
  }

  /** Stops sending; acknowledged parts and the server session are kept for `resume()`. */
  pause(): void {
    if (!['queued', 'preparing', 'uploading', 'blocked'].includes(this.#state)) return;
    this.#stopRun(PAUSE);
    void this.#ledger.journal?.flush();
    this.#transition('paused');
  }

  /** Writes buffered journal changes now (the page is being hidden or closed). */
  flushJournal(): Promise<void> {
    return this.#ledger.journal?.flush() ?? Promise.resolve();
  }

  /** Back to the queue after a pause or a failure; the Uploader starts it. */
  resume(): void {
    if (this.#state !== 'paused' && this.#state !== 'failed') return;
    this.#error = undefined;
    this.#transition('queued');
  }

  /** Stops everything and removes what the server and the journal hold of this upload. */
  async cancel(): Promise<void> {
    if (isTerminal(this.#state)) return;
    const session = this.#session;
    this.#stopRun(CANCEL);
    this.#transition('canceled');
    await this.#ledger.journal?.drop();
    if (session === undefined || session.completed !== undefined) return;
    // Note: the upload is canceled for the user either way; a session the abort cannot reach is
    // removed by the storage's lifecycle rules or by journal pruning.
    await abortSession(this.#ctx.options.protocol, session, (signal) => ({
      attempt: this.#attemptContext(signal),
      io: this.#io(signal),
    }));
  }

  #stopRun(reason: symbol): void {
    this.#controller?.abort(reason);
    this.#controller = undefined;
    this.#progress.clearInFlight();
    this.#lock?.release();
    this.#lock = undefined;
  }

  async #run(): Promise<void> {
    const controller = new AbortController();
    this.#controller = controller;
    const { signal } = controller;
    this.#startedAt = Date.now();
    let restarts = 0;
    let repairs = 0;
    try {
      for (;;) {
        try {
          if (await this.#claim(signal)) return;
          await this.#prepare(signal);
          const session = this.#requireSession();
          if (session.completed !== undefined) return await this.#succeed(session.completed);
          this.#transition('uploading');
          await this.#sendAll(signal);
          this.#transition('completing');
          return await this.#succeed(await this.#complete(signal));
        } catch (thrown) {
          if (signal.aborted) return;
          const error = toUploadError(thrown);
          if (error.kind === 'session-gone' && restarts < MAX_RESTARTS) {
            restarts += 1;
            await this.#forgetSession();
            this.#transition('preparing');
            continue;
          }
          if (error.kind === 'integrity' && this.#state === 'completing' && repairs < MAX_REPAIRS) {
            repairs += 1;
            this.#transition('preparing');
            continue;
          }
          this.#fail(error);
          return;
        }
      }
    } finally {
      if (this.#controller === controller) {
        this.#controller = undefined;
        this.#lock?.release();
        this.#lock = undefined;
      }
    }
  }

  /**
   * Fingerprints the file, takes the cross-tab lock (state `blocked` while another tab has it)
   * and finds its journal entry. Returns true when another tab already finished this file.
   */
  async #claim(signal: AbortSignal): Promise<boolean> {
    if (this.#lock !== undefined) return false;
    const { options } = this.#ctx;
    this.#ids ??= await identify(this.file, options.protocol.name, this.#ctx.scope, options.objectKey?.(this.file), this.#ctx.hashPool.forFile(this.file), signal);
    const ids = this.#ids;
    const stopListening = this.#ctx.channel.listen((news) => {
      if (news.fingerprint !== ids.fingerprint || this.#state !== 'blocked') return;
      this.#progress.elsewhere = Object.freeze({ loaded: news.loaded, total: news.total });
      this.#emitProgress();
    });
    try {
      const claimed = await claim(ids, this.#ctx.journal, signal, () => this.#transition('blocked'), (stale) => this.#ctx.discard(stale));
      this.#lock = claimed.lock;
      this.#progress.elsewhere = undefined;
      if (claimed.waited) this.#transition('preparing');
      if (claimed.entry?.result !== undefined && claimed.waited) {
        await this.#succeed(claimed.entry.result);
        return true;
      }
      if (claimed.entry !== undefined && claimed.entry.result === undefined && this.#session === undefined) {
        this.#resumeFrom = claimed.entry;
      }
      return false;
    } finally {
      stopListening();
    }
  }

  /** Opens or takes over a server session, then reconciles what it holds with what we hold. */
  async #prepare(signal: AbortSignal): Promise<void> {
    const { protocol, partSize: preferred } = this.#ctx.options;
    if (this.#session !== undefined) return this.#reconcile(signal);
    const entry = this.#resumeFrom;
    this.#resumeFrom = undefined;
    const partSize = entry?.session.partSize ?? choosePartSize(this.file.size, protocol.limits, preferred);
    const session = await attempt(PRIORITY.begin, this.#attemptContext(signal), () =>
      protocol.begin(fileInfoOf(this.file, this.#ctx.options.objectKey?.(this.file)), partSize, entry?.session, this.#io(signal)),
    );
    if (signal.aborted) return;
    this.#adopt(session);
    const tookOver = entry !== undefined && session.uploadId === entry.session.uploadId && session.key === entry.session.key;
    if (tookOver) {
      this.#resumed = true;
      this.#ledger.seed(entry);
    }
    const journal = new TaskJournal(this.#ctx.journal, this.#entryFor(session, tookOver ? entry : undefined));
    this.#ledger.attach(journal);
    await journal.open();
    if (tookOver) await this.#reconcile(signal);
  }

  #adopt(session: Session): void {
    const { limits } = this.#ctx.options.protocol;
    const count = countParts(this.file.size, session.partSize, limits);
    if (session.partSize <= 0 || count > limits.maxParts) {
      throw new UploadError(`the server chose a part size (${session.partSize}) this file cannot use`, { kind: 'protocol' });
    }
    this.#session = session;
    this.#partSize = session.partSize;
    this.#partCount = count;
    this.#touch();
  }

  /** Server truth first; parts it lists are checked against the local bytes in the background. */
  async #reconcile(signal: AbortSignal): Promise<void> {
    const session = this.#requireSession();
    const { protocol } = this.#ctx.options;
    const uploaded = protocol.uploaded?.bind(protocol);
    const listed =
      uploaded === undefined
        ? undefined
        : await attempt(PRIORITY.begin, this.#attemptContext(signal), () => uploaded(session, this.#io(signal)));
    if (signal.aborted) return;
    if (listed === null) throw new UploadError('the server no longer knows this upload', { kind: 'session-gone' });
    this.#ledger.reconcile(protocol, listed, this.#partCount, (index) => this.#part(index), this.#ctx.hashPool.forFile(this.file), signal);
  }

  async #sendAll(signal: AbortSignal): Promise<void> {
    const session = this.#requireSession();
    const { options, hashPool, scheduler } = this.#ctx;
    this.#fileDigests = await sendParts(
      {
        file: this.file,
        protocol: options.protocol,
        session,
        partCount: this.#partCount,
        part: (index) => this.#part(index),
        ledger: this.#ledger,
        progress: this.#progress,
        hashPool,
        lanes: scheduler.lanes,
        integrity: options.integrity,
        fileMd5: options.fileMd5,
        attemptContext: (s, beforeRetry) => this.#attemptContext(s, beforeRetry),
        io: (s) => this.#io(s),
        acknowledged: (index, record, sentIn) => {
          if (this.#session !== sentIn) return false;
          this.#progress.settled(index);
          this.#ledger.acknowledge(index, record);
          this.#ctx.emit('chunk-part-complete', { task: this.snapshot, part: record });
          return true;
        },
      },
      signal,
    );
  }

  async #complete(signal: AbortSignal): Promise<UploadResult> {
    const session = this.#requireSession();
    const parts = this.#ledger.ordered();
    if (parts.length !== this.#partCount) {
      throw new UploadError(`only ${parts.length} of ${this.#partCount} parts are acknowledged`, { kind: 'protocol' });
    }
    await this.#ledger.journal?.flush();
    const fileMd5 = this.#fileDigests?.md5Hex;
    const io: Io = { ...this.#io(signal), ...(fileMd5 === undefined ? {} : { fileMd5 }) };
    // Note: parts the server rejects at completion (InvalidPart) are not retried as they are:
    // #run reconciles with the server's list and sends them again at once.
    const context = { ...this.#attemptContext(signal), passUp: (error: UploadError) => error.kind === 'integrity' };
    const result = await attempt(PRIORITY.complete, context, () => this.#ctx.options.protocol.complete(session, parts, io));
    return fileMd5 === undefined ? result : { ...result, fileMd5 };
  }

  async #succeed(result: UploadResult): Promise<void> {
    this.#result = result;
    await this.#ledger.journal?.finish(result);
    this.#transition('done');
    this.#emitProgress();
    this.#ctx.emit('chunk-upload-success', { task: this.snapshot, result });
  }

  #fail(error: UploadError): void {
    this.#error = error;
    this.#progress.clearInFlight();
    void this.#ledger.journal?.flush();
    this.#transition('failed');
    this.#ctx.emit('chunk-upload-error', { task: this.snapshot, error });
  }

  async #forgetSession(): Promise<void> {
    await this.#ledger.clear();
    this.#session = undefined;
    this.#progress.clearInFlight();
  }

  #transition(to: TaskState): void {
    const from = this.#state;
    if (from === to) return;
    assertTransition(from, to);
    this.#state = to;
    if (isActive(to) && !isActive(from)) this.#activity.started();
    else if (!isActive(to)) this.#activity.stopped();
    this.#touch();
    this.#ctx.emit('chunk-upload-state', { task: this.snapshot, from, to });
  }

  #emitProgress(): void {
    this.#touch();
    this.#activity.sample(this.#loaded());
    const task = this.snapshot;
    this.#ctx.emit('chunk-upload-progress', {
      task,
      loaded: task.loaded,
      total: task.total,
      bytesPerSecond: task.bytesPerSecond,
      etaMs: task.etaMs,
    });
    if (this.#lock !== undefined && this.#ids !== undefined) {
      this.#ctx.channel.post({ fingerprint: this.#ids.fingerprint, loaded: task.loaded, total: task.total, state: task.state });
    }
  }

  #touch(): void {
    this.#snapshot = undefined;
  }

  #part(index: number): PlannedPart {
    return partAt(index, this.file.size, this.#partSize, this.#ctx.options.protocol.limits);
  }

  #requireSession(): Session {
    if (this.#session === undefined) throw new Error('chunk-uploader: no session (engine bug)');
    return this.#session;
  }

  #entryFor(session: Session, previous: JournalEntry | undefined): JournalEntry {
    const ids = this.#ids;
    if (ids === undefined) throw new Error('chunk-uploader: no fingerprint (engine bug)');
    return journalEntry({ ...ids, provider: this.#ctx.options.protocol.name, endpoint: this.#ctx.scope }, this.file, session, previous, this.#handle);
  }

  #attemptContext(signal: AbortSignal, beforeRetry?: () => void): AttemptContext {
    return {
      scheduler: this.#ctx.scheduler,
      order: this.order,
      retry: this.#ctx.options.retry,
      signal,
      onRetry: (attemptNumber, delayMs, error) => {
        beforeRetry?.();
        this.#activity.retrying(attemptNumber, delayMs, error);
        this.#touch();
        this.#ctx.emit('chunk-upload-retry', { task: this.snapshot, attempt: attemptNumber, delayMs, error });
      },
      onResign: () => {
        this.#activity.resigning();
        this.#emitProgress();
      },
    };
  }

  #io(signal: AbortSignal): Io {
    return this.#ctx.io(this.file, signal);
  }
}
