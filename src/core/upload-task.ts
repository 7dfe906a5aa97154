import type { Io, PartRecord, PlannedPart, Session, UploadResult } from '../protocols/protocol.js';
import type { FileInfo, Signer } from '../protocols/signer.js';
import type { HashPool } from '../hash/hash-pool.js';
import type { Transport } from '../transport/transport.js';
import { toUploadError, UploadError } from '../transport/upload-error.js';
import { attempt, type AttemptContext } from './attempt.js';
import type { UploaderEventMap, UploaderEventName } from './events.js';
import type { ResolvedOptions } from './options.js';
import { PartDigestQueue } from './part-digests.js';
import { choosePartSize, countParts, partAt } from './planner.js';
import { PRIORITY, type Scheduler } from './scheduler.js';
import type { TaskSnapshot } from './task-snapshot.js';
import { assertTransition, isTerminal, type TaskState } from './task-state.js';

/** What a task needs from its Uploader. */
export interface TaskContext {
  readonly options: ResolvedOptions;
  readonly scheduler: Scheduler;
  readonly hashPool: HashPool;
  readonly signer: Signer;
  readonly transport: Transport;
  emit<K extends UploaderEventName>(type: K, detail: UploaderEventMap[K]['detail']): void;
}

/** Abort reasons, so a late failure can tell a user's intent from a real error. */
export const PAUSE = Symbol('chunk-uploader pause');
export const CANCEL = Symbol('chunk-uploader cancel');

const PROGRESS_INTERVAL_MS = 100;
/** How often a task may start over with a new server session before it gives up. */
const MAX_RESTARTS = 3;
/** How often an InvalidPart-style answer at completion may send the task back to fix parts. */
const MAX_REPAIRS = 2;

let nextId = 0;

/** One file's upload: its state machine, its server session, its parts. */
export class UploadTask {
  readonly id: string;
  readonly file: File;
  readonly order: number;
  #ctx: TaskContext;
  #state: TaskState = 'queued';
  #session: Session | undefined;
  #partSize = 0;
  #partCount = 0;
  /** Acknowledged parts by index. */
  #records = new Map<number, PartRecord>();
  /** Bytes sent so far by parts in flight, by index. */
  #inFlight = new Map<number, number>();
  #controller: AbortController | undefined;
  #error: UploadError | undefined;
  #result: UploadResult | undefined;
  #startedAt: number | undefined;
  #snapshot: TaskSnapshot | undefined;
  #lastProgressAt = 0;
  #progressTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(file: File, order: number, ctx: TaskContext) {
    nextId += 1;
    this.id = `task-${Date.now().toString(36)}-${nextId}`;
    this.file = file;
    this.order = order;
    this.#ctx = ctx;
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
      loaded: this.#loaded(),
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
    this.#controller?.abort(PAUSE);
    this.#inFlight.clear();
    this.#transition('paused');
  }

  /** Back to the queue after a pause or a failure; the Uploader starts it when a lane frees. */
  resume(): void {
    if (this.#state !== 'paused' && this.#state !== 'failed') return;
    this.#error = undefined;
    this.#transition('queued');
  }

  /** Stops everything and removes what the server holds of this upload. */
  async cancel(): Promise<void> {
    if (isTerminal(this.#state)) return;
    const session = this.#session;
    this.#controller?.abort(CANCEL);
    this.#inFlight.clear();
    this.#transition('canceled');
    const { protocol } = this.#ctx.options;
    const abort = protocol.abort?.bind(protocol);
    if (session === undefined || abort === undefined || session.completed !== undefined) return;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60_000);
    try {
      await attempt(PRIORITY.complete, this.#attemptContext(controller.signal), () =>
        abort(session, this.#io(controller.signal)),
      );
    } catch {
      // Note: the upload is canceled for the user either way; an orphaned server session is
      // garbage-collected by the storage's lifecycle rules or by the journal cleanup.
    } finally {
      clearTimeout(timer);
    }
  }

  async #run(): Promise<void> {
    const controller = new AbortController();
    this.#controller = controller;
    const { signal } = controller;
    this.#startedAt = Date.now();
    let restarts = 0;
    let repairs = 0;
    for (;;) {
      try {
        await this.#prepare(signal);
        const session = this.#requireSession();
        if (session.completed !== undefined) {
          this.#succeed(session.completed);
          return;
        }
        this.#transition('uploading');
        await this.#sendParts(signal);
        this.#transition('completing');
        this.#succeed(await this.#complete(signal));
        return;
      } catch (thrown) {
        if (signal.aborted) return;
        const error = toUploadError(thrown);
        if (error.kind === 'session-gone' && restarts < MAX_RESTARTS) {
          restarts += 1;
          this.#forgetSession();
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
  }

  /** Opens a server session, or reconciles the one we have with the server's list. */
  async #prepare(signal: AbortSignal): Promise<void> {
    const { protocol, partSize: preferred } = this.#ctx.options;
    if (this.#session !== undefined) {
      if (protocol.uploaded !== undefined) await this.#reconcile(signal);
      return;
    }
    const fileInfo = this.#fileInfo();
    const partSize = choosePartSize(this.file.size, protocol.limits, preferred);
    const session = await attempt(PRIORITY.begin, this.#attemptContext(signal), () =>
      protocol.begin(fileInfo, partSize, undefined, this.#io(signal)),
    );
    if (signal.aborted) return;
    this.#adopt(session);
  }

  #adopt(session: Session): void {
    const { limits } = this.#ctx.options.protocol;
    const count = countParts(this.file.size, session.partSize, limits);
    if (session.partSize <= 0 || count > limits.maxParts) {
      throw new UploadError(`the server chose a part size (${session.partSize}) this file cannot use`, {
        kind: 'protocol',
      });
    }
    this.#session = session;
    this.#partSize = session.partSize;
    this.#partCount = count;
    this.#touch();
  }

  /**
   * Server truth first: a part counts as sent only if the server lists it with the planned size
   * and either it is the part we recorded (same ETag) or the adapter confirms, from digests of
   * the local bytes, that it holds exactly these bytes. Anything else is sent again.
   */
  async #reconcile(signal: AbortSignal): Promise<void> {
    const session = this.#requireSession();
    const { protocol } = this.#ctx.options;
    const uploaded = protocol.uploaded?.bind(protocol);
    if (uploaded === undefined) return;
    const listed = await attempt(PRIORITY.begin, this.#attemptContext(signal), () => uploaded(session, this.#io(signal)));
    if (signal.aborted) return;
    if (listed === null) throw new UploadError('the server no longer knows this upload', { kind: 'session-gone' });
    const byNumber = new Map(listed.map((part) => [part.number, part]));
    const kept = new Map<number, PartRecord>();
    const hasher = this.#ctx.hashPool.forFile(this.file);
    for (let index = 0; index < this.#partCount; index += 1) {
      const planned = this.#part(index);
      const server = byNumber.get(planned.number);
      if (server === undefined || server.size !== planned.end - planned.start) continue;
      const local = this.#records.get(index);
      if (local?.etag !== undefined && server.etag !== undefined && sameEtag(local.etag, server.etag)) {
        kept.set(index, local);
        continue;
      }
      const algorithms = protocol.listedDigests ?? [];
      if (protocol.verifyListed === undefined || algorithms.length === 0) continue;
      const digests = await hasher.range(planned.start, planned.end, algorithms, signal);
      if (protocol.verifyListed(server, digests)) kept.set(index, { ...server, ...(digests.md5Hex === undefined ? {} : { md5: digests.md5Hex }) });
    }
    this.#records = kept;
    this.#touch();
  }

  async #sendParts(signal: AbortSignal): Promise<void> {
    const session = this.#requireSession();
    const { protocol, integrity } = this.#ctx.options;
    const pending: number[] = [];
    for (let index = 0; index < this.#partCount; index += 1) if (!this.#records.has(index)) pending.push(index);
    const batch = new AbortController();
    const forward = (): void => batch.abort(signal.reason);
    signal.addEventListener('abort', forward, { once: true });
    const width = Math.min(pending.length, session.maxInFlight ?? Infinity, this.#ctx.scheduler.lanes);
    const digests =
      integrity && protocol.partDigests.length > 0
        ? new PartDigestQueue(this.#ctx.hashPool.forFile(this.file), protocol.partDigests, batch.signal, (i) => this.#part(i))
        : undefined;
    const lookahead = width + this.#ctx.hashPool.size;
    let failure: unknown;
    let cursor = 0;
    const lane = async (): Promise<void> => {
      for (let index = pending[cursor]; failure === undefined && index !== undefined; index = pending[cursor]) {
        cursor += 1;
        digests?.prefetch(pending.slice(cursor, cursor + lookahead));
        try {
          await this.#sendOne(index, batch.signal, digests);
        } catch (thrown) {
          failure ??= thrown;
          batch.abort(thrown);
        }
      }
    };
    await Promise.all(Array.from({ length: width }, lane));
    signal.removeEventListener('abort', forward);
    if (signal.aborted) throw signal.reason;
    if (failure !== undefined) throw failure;
  }

  async #sendOne(index: number, signal: AbortSignal, digests: PartDigestQueue | undefined): Promise<void> {
    const session = this.#requireSession();
    const planned = this.#part(index);
    const part = digests === undefined ? planned : { ...planned, digests: await digests.take(index) };
    const body = this.file.slice(part.start, part.end);
    const io = this.#io(signal, (bytes) => {
      this.#inFlight.set(index, bytes);
      this.#progress();
    });
    const record = await attempt(
      PRIORITY.part,
      this.#attemptContext(signal, () => this.#inFlight.set(index, 0)),
      () => this.#ctx.options.protocol.sendPart(session, part, body, io),
    );
    // Note: a part acknowledged just as the user paused is still on the server: keep it,
    // unless the task has moved on to another server session since.
    if (this.#session !== session) return;
    this.#inFlight.delete(index);
    this.#records.set(index, record);
    this.#touch();
    this.#ctx.emit('chunk-part-complete', { task: this.snapshot, part: record });
    this.#progress();
  }

  async #complete(signal: AbortSignal): Promise<UploadResult> {
    const session = this.#requireSession();
    const parts = [...this.#records.entries()].sort(([a], [b]) => a - b).map(([, record]) => record);
    if (parts.length !== this.#partCount) {
      throw new UploadError(`only ${parts.length} of ${this.#partCount} parts are acknowledged`, { kind: 'protocol' });
    }
    return attempt(PRIORITY.complete, this.#attemptContext(signal), () =>
      this.#ctx.options.protocol.complete(session, parts, this.#io(signal)),
    );
  }

  #succeed(result: UploadResult): void {
    this.#result = result;
    this.#transition('done');
    this.#emitProgress();
    this.#ctx.emit('chunk-upload-success', { task: this.snapshot, result });
  }

  #fail(error: UploadError): void {
    this.#error = error;
    this.#inFlight.clear();
    this.#transition('failed');
    this.#ctx.emit('chunk-upload-error', { task: this.snapshot, error });
  }

  #forgetSession(): void {
    this.#session = undefined;
    this.#records.clear();
    this.#inFlight.clear();
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

  #progress(): void {
    const now = Date.now();
    const wait = this.#lastProgressAt + PROGRESS_INTERVAL_MS - now;
    if (wait <= 0) {
      this.#emitProgress();
      return;
    }
    this.#progressTimer ??= setTimeout(() => {
      this.#progressTimer = undefined;
      this.#emitProgress();
    }, wait);
  }

  #emitProgress(): void {
    clearTimeout(this.#progressTimer);
    this.#progressTimer = undefined;
    this.#lastProgressAt = Date.now();
    this.#touch();
    const task = this.snapshot;
    this.#ctx.emit('chunk-upload-progress', { task, loaded: task.loaded, total: task.total });
  }

  #loaded(): number {
    if (this.#state === 'done') return this.file.size;
    let sum = 0;
    for (const record of this.#records.values()) sum += record.size;
    for (const bytes of this.#inFlight.values()) sum += bytes;
    return Math.min(sum, this.file.size);
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

  #io(signal: AbortSignal, onProgress?: (bytes: number) => void): Io {
    const { options } = this.#ctx;
    return {
      signal,
      transport: this.#ctx.transport,
      sign: this.#ctx.signer,
      hasher: this.#ctx.hashPool.forFile(this.file),
      integrity: options.integrity,
      timeouts: { requestMs: options.requestTimeoutMs, stallMs: options.stallTimeoutMs },
      ...(onProgress === undefined ? {} : { onProgress }),
    };
  }
}

function sameEtag(a: string, b: string): boolean {
  const normal = (value: string): string => value.replace(/"/g, '').toLowerCase();
  return normal(a) === normal(b);
}
