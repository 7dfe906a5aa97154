import type { JsonValue } from '../protocols/json.js';
import type { FileDigests, Io, PartRecord, PlannedPart, Session, UploadResult } from '../protocols/protocol.js';
import type { FileInfo } from '../protocols/signer.js';
import type { JournalEntry } from '../persist/journal.js';
import type { HeldLock } from '../persist/tab-lock.js';
import { toUploadError, UploadError } from '../transport/upload-error.js';
import { attempt, type AttemptContext } from './attempt.js';
import { PartDigestQueue, StreamedPartDigests, type PartDigestSource } from './part-digests.js';
import { runLanes } from './lanes.js';
import { choosePartSize, countParts, partAt } from './planner.js';
import { reconcile, verifyParts } from './reconcile.js';
import { PRIORITY } from './scheduler.js';
import { claim, identify, type Identified } from './task-identity.js';
import { journalEntry, TaskJournal } from './task-journal.js';
import { TaskProgress } from './task-progress.js';
import type { TaskContext } from './task-context.js';
import type { TaskSnapshot } from './task-snapshot.js';
import { assertTransition, isTerminal, type TaskState } from './task-state.js';

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
  #journal: TaskJournal | undefined;
  #session: Session | undefined;
  #partSize = 0;
  #partCount = 0;
  /** Acknowledged parts by index. */
  #records = new Map<number, PartRecord>();
  /** Parts acknowledged in this page, from this File object: no need to check their bytes. */
  #sentHere = new Set<number>();
  #checkpoints = new Map<number, JsonValue>();
  #verification: Promise<number[]> = Promise.resolve([]);
  /** The whole file's digests, when `fileMd5` asked for them (one pass with the parts'). */
  #fileDigests: Promise<FileDigests> | undefined;
  #controller: AbortController | undefined;
  #progress: TaskProgress;
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
    this.#snapshot ??= Object.freeze({
      id: this.id,
      name: this.file.name,
      size: this.file.size,
      type: this.file.type,
      state: this.#state,
      loaded: this.#state === 'done' ? this.file.size : this.#progress.loaded(this.#records, this.file.size),
      total: this.file.size,
      partsDone: this.#records.size,
      partsTotal: this.#partCount,
      key: this.#session?.key,
      result: this.#result,
      error:
        this.#error === undefined
          ? undefined
          : Object.freeze({ kind: this.#error.kind, message: this.#error.message, code: this.#error.code }),
      startedAt: this.#startedAt,
      resumed: this.#resumed,
      fingerprint: this.#ids?.fingerprint,
      elsewhere: this.#progress.elsewhere,
    });
    return this.#snapshot;
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
    void this.#journal?.flush();
    this.#transition('paused');
  }

  /** Writes buffered journal changes now (the page is being hidden or closed). */
  flushJournal(): Promise<void> {
    return this.#journal?.flush() ?? Promise.resolve();
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
    await this.#journal?.drop();
    const { protocol } = this.#ctx.options;
    const abort = protocol.abort?.bind(protocol);
    if (session === undefined || abort === undefined || session.completed !== undefined) return;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60_000);
    try {
      await attempt(PRIORITY.complete, this.#attemptContext(controller.signal), () => abort(session, this.#io(controller.signal)));
    } catch {
      // Note: the upload is canceled for the user either way; an orphaned server session is
      // removed by the storage's lifecycle rules or by journal pruning elsewhere.
    } finally {
      clearTimeout(timer);
    }
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
    this.#ids ??= await identify(
      {
        provider: options.protocol.name,
        endpoint: this.#ctx.scope,
        key: options.objectKey?.(this.file) ?? '',
        name: this.file.name,
        size: this.file.size,
        lastModified: this.file.lastModified,
      },
      this.#ctx.hashPool.forFile(this.file),
      signal,
    );
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
      protocol.begin(this.#fileInfo(), partSize, entry?.session, this.#io(signal)),
    );
    if (signal.aborted) return;
    this.#adopt(session);
    const tookOver = entry !== undefined && session.uploadId === entry.session.uploadId && session.key === entry.session.key;
    if (tookOver) {
      this.#resumed = true;
      for (const [index, record] of Object.entries(entry.parts)) this.#records.set(Number(index), record);
      for (const [index, state] of Object.entries(entry.checkpoints)) this.#checkpoints.set(Number(index), state);
    }
    this.#journal = new TaskJournal(this.#ctx.journal, this.#entryFor(session, tookOver ? entry : undefined));
    await this.#journal.open();
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
    const before = new Set(this.#records.keys());
    const { records, unverified } = reconcile({
      protocol,
      listed,
      records: this.#records,
      sentHere: this.#sentHere,
      partCount: this.#partCount,
      part: (index) => this.#part(index),
      nowMs: Date.now(),
    });
    this.#records = records;
    this.#journal?.forget([...before].filter((index) => !records.has(index)));
    for (const [index, record] of records) if (!unverified.has(index)) this.#journal?.part(index, record);
    const candidates = new Map([...records].filter(([index]) => unverified.has(index)));
    this.#verification = verifyParts(protocol, this.#ctx.hashPool.forFile(this.file), candidates, (i) => this.#part(i), signal, (index, ok) => {
      if (ok) {
        const record = this.#records.get(index);
        if (record !== undefined) this.#journal?.part(index, record);
        return;
      }
      this.#records.delete(index);
      this.#journal?.forget([index]);
      this.#touch();
    });
    this.#verification.catch(() => undefined);
    this.#touch();
  }

  /**
   * Sends missing parts while listed parts are verified; parts that fail verification follow.
   * With `fileMd5`, one pass over the file gives the parts' digests and the whole file's.
   */
  async #sendAll(signal: AbortSignal): Promise<void> {
    const { protocol, integrity, fileMd5 } = this.#ctx.options;
    const algorithms = integrity ? protocol.partDigests : [];
    const streamed = fileMd5 ? new StreamedPartDigests(this.#ctx.hashPool, this.file, this.#partSize, algorithms, signal) : undefined;
    this.#fileDigests = streamed?.whole;
    this.#fileDigests?.catch(() => undefined);
    const digests = (batch: AbortSignal): PartDigestSource | undefined =>
      algorithms.length === 0
        ? undefined
        : (streamed ?? new PartDigestQueue(this.#ctx.hashPool.forFile(this.file), algorithms, batch, (i) => this.#part(i)));
    await this.#sendParts(signal, digests);
    for (let failed = await this.#verification; failed.length > 0; failed = await this.#verification) {
      this.#verification = Promise.resolve([]);
      await this.#sendParts(signal, digests);
    }
  }

  async #sendParts(signal: AbortSignal, source: (batch: AbortSignal) => PartDigestSource | undefined): Promise<void> {
    const session = this.#requireSession();
    const pending: number[] = [];
    for (let index = 0; index < this.#partCount; index += 1) if (!this.#records.has(index)) pending.push(index);
    const width = Math.min(session.maxInFlight ?? Infinity, this.#ctx.scheduler.lanes);
    const lookahead = width + this.#ctx.hashPool.size;
    let digests: PartDigestSource | undefined;
    await runLanes(pending, width, signal, async (index, position, batch) => {
      digests ??= source(batch);
      digests?.prefetch(pending.slice(position + 1, position + 1 + lookahead));
      await this.#sendOne(index, batch, digests);
    });
  }

  async #sendOne(index: number, signal: AbortSignal, digests: PartDigestSource | undefined): Promise<void> {
    const session = this.#requireSession();
    const planned = this.#part(index);
    const checkpoint = this.#checkpoints.get(index);
    const part: PlannedPart = {
      ...planned,
      ...(digests === undefined ? {} : { digests: await digests.take(index) }),
      ...(checkpoint === undefined ? {} : { checkpoint }),
    };
    const body = this.file.slice(part.start, part.end);
    const io: Io = {
      ...this.#io(signal),
      onProgress: (bytes) => this.#progress.moved(index, bytes),
      checkpoint: (state) => {
        this.#checkpoints.set(index, state);
        this.#journal?.checkpoint(index, state);
      },
    };
    const record = await attempt(
      PRIORITY.part,
      this.#attemptContext(signal, () => this.#progress.moved(index, 0)),
      () => this.#ctx.options.protocol.sendPart(session, part, body, io),
    );
    // Note: a part acknowledged just as the user paused is still on the server: keep it,
    // unless the task has moved on to another server session since.
    if (this.#session !== session) return;
    this.#progress.settled(index);
    this.#records.set(index, record);
    this.#sentHere.add(index);
    this.#checkpoints.delete(index);
    this.#journal?.part(index, record);
    this.#touch();
    this.#ctx.emit('chunk-part-complete', { task: this.snapshot, part: record });
    this.#progress.changed();
  }

  async #complete(signal: AbortSignal): Promise<UploadResult> {
    const session = this.#requireSession();
    const parts = [...this.#records.entries()].sort(([a], [b]) => a - b).map(([, record]) => record);
    if (parts.length !== this.#partCount) {
      throw new UploadError(`only ${parts.length} of ${this.#partCount} parts are acknowledged`, { kind: 'protocol' });
    }
    await this.#journal?.flush();
    const fileMd5 = (await this.#fileDigests)?.md5Hex;
    const io: Io = { ...this.#io(signal), ...(fileMd5 === undefined ? {} : { fileMd5 }) };
    // Note: parts the server rejects at completion (InvalidPart) are not retried as they are:
    // #run reconciles with the server's list and sends them again at once.
    const context = { ...this.#attemptContext(signal), passUp: (error: UploadError) => error.kind === 'integrity' };
    const result = await attempt(PRIORITY.complete, context, () => this.#ctx.options.protocol.complete(session, parts, io));
    return fileMd5 === undefined ? result : { ...result, fileMd5 };
  }

  async #succeed(result: UploadResult): Promise<void> {
    this.#result = result;
    await this.#journal?.finish(result);
    this.#transition('done');
    this.#emitProgress();
    this.#ctx.emit('chunk-upload-success', { task: this.snapshot, result });
  }

  #fail(error: UploadError): void {
    this.#error = error;
    this.#progress.clearInFlight();
    void this.#journal?.flush();
    this.#transition('failed');
    this.#ctx.emit('chunk-upload-error', { task: this.snapshot, error });
  }

  async #forgetSession(): Promise<void> {
    await this.#journal?.drop();
    this.#journal = undefined;
    this.#session = undefined;
    this.#records.clear();
    this.#sentHere.clear();
    this.#checkpoints.clear();
    this.#verification = Promise.resolve([]);
    this.#progress.clearInFlight();
    this.#touch();
  }

  #transition(to: TaskState): void {
    const from = this.#state;
    if (from === to) return;
    assertTransition(from, to);
    this.#state = to;
    this.#touch();
    this.#ctx.emit('chunk-upload-state', { task: this.snapshot, from, to });
  }

  #emitProgress(): void {
    this.#touch();
    const task = this.snapshot;
    this.#ctx.emit('chunk-upload-progress', { task, loaded: task.loaded, total: task.total });
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

  #fileInfo(): FileInfo {
    const key = this.#ctx.options.objectKey?.(this.file);
    return {
      name: this.file.name,
      size: this.file.size,
      type: this.file.type,
      lastModified: this.file.lastModified,
      ...(key === undefined ? {} : { key }),
    };
  }

  #attemptContext(signal: AbortSignal, beforeRetry?: () => void): AttemptContext {
    return {
      scheduler: this.#ctx.scheduler,
      order: this.order,
      retry: this.#ctx.options.retry,
      signal,
      onRetry: (attemptNumber, delayMs, error) => {
        beforeRetry?.();
        this.#ctx.emit('chunk-upload-retry', { task: this.snapshot, attempt: attemptNumber, delayMs, error });
      },
    };
  }

  #io(signal: AbortSignal): Io {
    return this.#ctx.io(this.file, signal);
  }
}
