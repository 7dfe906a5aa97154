import type { FileDigests, Io, PartGrant, PlannedPart, Session, UploadResult } from '../contracts/protocol.js';
import type { JournalEntry } from '../persist/journal.js';
import type { HeldLock } from '../persist/tab-lock.js';
import type { UploadError } from '../transport/upload-error.js';
import type { AttemptContext } from './attempt.js';
import { partAt } from './planner.js';
import { PartLedger } from './part-ledger.js';
import type { Identified } from './task-identity.js';
import { journalEntry } from './task-journal.js';
import { TaskActivity } from './task-condition.js';
import { TaskProgress } from './task-progress.js';
import type { TaskContext } from './task-context.js';
import type { TaskSnapshot } from './task-snapshot.js';
import { RunSlot, type TaskRun } from './task-run.js';
import { assertTransition, isActive, isTerminal, type TaskState } from './task-state.js';

let nextId = 0;

/** One file's upload, the bookkeeping half: its fields, snapshot, state changes, events and per-run contexts. */
export abstract class TaskBookkeeping {
  readonly id: string;
  readonly file: File;
  readonly order: number;
  protected ctx: TaskContext;
  protected handle: FileSystemFileHandle | undefined;
  #state: TaskState = 'queued';
  protected ids: Identified | undefined;
  protected lock: HeldLock | undefined;
  protected resumeFrom: JournalEntry | undefined;
  protected session: Session | undefined;
  /** Part URLs that came with the session (`initiate`): secrets, in memory only, for the first send. */
  protected firstGrants: readonly PartGrant[] | undefined;
  protected partSize = 0;
  protected partCount = 0;
  protected ledger = new PartLedger(() => this.touch());
  /** The whole file's digests, when `fileMd5` asked for them (one pass with the parts'). */
  protected fileDigests: FileDigests | undefined;
  protected runs = new RunSlot();
  protected progress: TaskProgress;
  protected activity = new TaskActivity(() => this.emitProgress());
  protected error: UploadError | undefined;
  protected result: UploadResult | undefined;
  protected resumed = false;
  /** The next preparation skips the server's list: every part is being sent again (`resend: 'all'`). */
  protected resendAll = false;
  protected startedAt: number | undefined;
  #snapshot: TaskSnapshot | undefined;

  constructor(file: File, order: number, ctx: TaskContext, handle?: FileSystemFileHandle) {
    nextId += 1;
    this.id = `task-${Date.now().toString(36)}-${nextId}`;
    this.file = file;
    this.order = order;
    this.ctx = ctx;
    this.handle = handle;
    this.progress = new TaskProgress(() => {
      if (!isTerminal(this.#state)) this.emitProgress();
    });
  }

  get state(): TaskState {
    return this.#state;
  }

  get snapshot(): TaskSnapshot {
    if (this.#snapshot !== undefined) return this.#snapshot;
    const loaded = this.#loaded();
    const { file, error } = this;
    const size = file.size;
    const pace = this.activity.pace(loaded, size, this.#state === 'uploading');
    // Note: one literal with every field named, no spread: V8 builds a spread in a literal on
    // its slow path, which was half of what adding a thousand files cost (bench: 1000 × 64 KiB).
    this.#snapshot = Object.freeze({
      id: this.id,
      name: file.name,
      size,
      type: file.type,
      state: this.#state,
      loaded,
      total: size,
      partsDone: this.ledger.size,
      partsTotal: this.partCount,
      key: this.session?.key ?? this.result?.key,
      result: this.result,
      error: error === undefined ? undefined : Object.freeze({ kind: error.kind, message: error.message, code: error.code }),
      startedAt: this.startedAt,
      resumed: this.resumed,
      fingerprint: this.ids?.fingerprint,
      elsewhere: this.progress.elsewhere,
      bytesPerSecond: pace.bytesPerSecond,
      etaMs: pace.etaMs,
      condition: pace.condition,
    });
    return this.#snapshot;
  }

  #loaded(): number {
    return this.#state === 'done' ? this.file.size : this.progress.loaded(this.ledger.records, this.file.size);
  }

  /** The guard of every step a run takes after an await: false for a stale run. */
  protected live(run: TaskRun): boolean {
    return this.runs.isCurrent(run);
  }

  /** A state change on behalf of a run; dropped (false) when the run is stale. */
  protected step(run: TaskRun, to: TaskState): boolean {
    if (!this.live(run)) return false;
    this.transition(to);
    return true;
  }

  protected transition(to: TaskState): void {
    const from = this.#state;
    if (from === to) return;
    assertTransition(from, to);
    this.#state = to;
    if (isActive(to) && !isActive(from)) this.activity.started();
    else if (!isActive(to)) this.activity.stopped();
    this.touch();
    this.ctx.emit('chunk-upload-state', { task: this.snapshot, from, to });
  }

  protected emitProgress(): void {
    this.touch();
    this.activity.sample(this.#loaded());
    const task = this.snapshot;
    this.ctx.emit('chunk-upload-progress', {
      task,
      loaded: task.loaded,
      total: task.total,
      bytesPerSecond: task.bytesPerSecond,
      etaMs: task.etaMs,
    });
    if (this.lock !== undefined && this.ids !== undefined) {
      this.ctx.channel.post({ fingerprint: this.ids.fingerprint, loaded: task.loaded, total: task.total, state: task.state });
    }
  }

  protected touch(): void {
    this.#snapshot = undefined;
  }

  protected part(index: number): PlannedPart {
    return partAt(index, this.file.size, this.partSize, this.ctx.options.protocol.limits);
  }

  protected requireSession(): Session {
    if (this.session === undefined) throw new Error('chunk-uploader: no session (engine bug)');
    return this.session;
  }

  protected entryFor(session: Session, previous: JournalEntry | undefined): JournalEntry {
    const ids = this.ids;
    if (ids === undefined) throw new Error('chunk-uploader: no fingerprint (engine bug)');
    return journalEntry({ ...ids, provider: this.ctx.options.protocol.name, endpoint: this.ctx.scope }, this.file, session, previous, this.handle);
  }

  protected attemptContext(run: TaskRun, beforeRetry?: () => void, signal: AbortSignal = run.signal): AttemptContext {
    return {
      scheduler: this.ctx.scheduler,
      order: this.order,
      retry: this.ctx.options.retry,
      signal,
      onRetry: (attemptNumber, delayMs, error) => {
        if (!this.live(run)) return;
        beforeRetry?.();
        this.activity.retrying(attemptNumber, delayMs, error);
        this.touch();
        this.ctx.emit('chunk-upload-retry', { task: this.snapshot, attempt: attemptNumber, delayMs, error });
      },
      onResign: () => {
        if (!this.live(run)) return;
        this.activity.resigning();
        this.emitProgress();
      },
    };
  }

  protected io(signal: AbortSignal): Io {
    return this.ctx.io(this.file, signal);
  }
}
