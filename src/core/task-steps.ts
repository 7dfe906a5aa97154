import type { Io, RangeAlgorithm, Session, UploadResult } from '../contracts/protocol.js';
import { UploadError } from '../transport/upload-error.js';
import { attempt } from './attempt.js';
import { choosePartSize, countParts, fileInfoOf } from './planner.js';
import { sendParts } from './part-sender.js';
import { batchSize } from './signed-ahead.js';
import { PRIORITY } from './scheduler.js';
import { claim, identify } from './task-identity.js';
import { TaskJournal } from './task-journal.js';
import { TaskBookkeeping } from './task-bookkeeping.js';
import type { TaskRun } from './task-run.js';

/** One file's upload, the steps a run takes: claim, prepare, reconcile, send, complete, succeed. */
export abstract class TaskSteps extends TaskBookkeeping {
  /**
   * Whether this file goes up in one request: the target has one, the file fits in one part (or
   * within `singleRequestMax`), no multipart session is under way, and the backend has `put`.
   */
  protected fitsOneRequest(): boolean {
    const { protocol, partSize, singleRequestMax } = this.ctx.options;
    if (protocol.putWhole === undefined || this.ctx.lacking.put || this.session !== undefined) return false;
    const size = this.file.size;
    if (size > (protocol.putWholeMax ?? Number.MAX_SAFE_INTEGER) || size < (protocol.putWholeMin ?? 0)) return false;
    if (singleRequestMax !== undefined) return size <= singleRequestMax;
    return countParts(size, choosePartSize(size, protocol.limits, partSize), protocol.limits) <= 1;
  }

  /**
   * The whole file in one request (one signer call, one PUT): no fingerprint, lock or journal
   * entry, since nothing is left to resume. `parts` when the backend has no `put` (the run goes
   * on with a multipart session), `stale` when the run went stale.
   */
  protected async putWhole(run: TaskRun): Promise<UploadResult | 'parts' | 'stale'> {
    const { protocol, integrity, fileMd5, objectKey } = this.ctx.options;
    const put = protocol.putWhole?.bind(protocol);
    if (put === undefined) return 'parts';
    const { signal } = run;
    const algorithms = new Set<RangeAlgorithm>(integrity ? protocol.partDigests : []);
    if (fileMd5) algorithms.add('md5');
    const digests = algorithms.size === 0 ? undefined : await this.ctx.hashPool.forFile(this.file).range(0, this.file.size, [...algorithms], signal);
    if (!this.step(run, 'uploading')) return 'stale';
    const io: Io = { ...this.io(signal), onProgress: (bytes) => this.progress.moved(0, bytes) };
    const info = fileInfoOf(this.file, objectKey?.(this.file));
    let result: UploadResult;
    try {
      // A one-request file is a file beginning: at `begin` priority, in age order with other
      // files' initiates, it never goes ahead of an older file's parts or completion (at `part`,
      // a batch of small files kept a big file's initiate waiting until the last one was sent).
      result = await attempt(PRIORITY.begin, this.attemptContext(run, () => this.progress.moved(0, 0)), () =>
        put(info, this.file, integrity ? digests : undefined, io),
      );
    } catch (error) {
      if (!(error instanceof UploadError) || error.code !== 'put-unsupported') throw error;
      this.ctx.lacking.put = true;
      this.progress.clearInFlight();
      return this.step(run, 'preparing') ? 'parts' : 'stale';
    }
    if (!this.live(run)) return 'stale';
    this.progress.settled(0);
    this.partCount = 1;
    this.ledger.acknowledge(0, { number: protocol.limits.firstPartNumber, size: this.file.size });
    const md5Hex = fileMd5 ? digests?.md5Hex : undefined;
    return md5Hex === undefined ? result : { ...result, fileMd5: md5Hex };
  }

  /**
   * Fingerprints the file, takes the cross-tab lock (state `blocked` while another tab has it)
   * and finds its journal entry. Returns false when the run should end: it went stale, or
   * another tab already finished this file (reported as this task's success).
   */
  protected async claim(run: TaskRun): Promise<boolean> {
    if (this.lock !== undefined) return true;
    const { options } = this.ctx;
    const { signal } = run;
    const ids =
      this.ids ?? (await identify(this.file, options.protocol.name, this.ctx.scope, options.objectKey?.(this.file), this.ctx.hashPool.forFile(this.file), signal));
    if (!this.live(run)) return false;
    this.ids = ids;
    const stopListening = this.ctx.channel.listen((news) => {
      if (news.fingerprint !== ids.fingerprint || this.state !== 'blocked') return;
      this.progress.elsewhere = Object.freeze({ loaded: news.loaded, total: news.total });
      this.emitProgress();
    });
    try {
      const claimed = await claim(ids, this.ctx.journal, signal, () => this.step(run, 'blocked'), (stale) => this.ctx.discard(stale));
      if (!this.live(run)) {
        // A lock granted to a stale run would block this tab's next run of the same file.
        claimed.lock.release();
        return false;
      }
      this.lock = claimed.lock;
      this.progress.elsewhere = undefined;
      if (claimed.waited) this.transition('preparing');
      if (claimed.entry?.result !== undefined && claimed.waited) {
        await this.succeed(run, claimed.entry.result);
        return false;
      }
      if (claimed.entry !== undefined && claimed.entry.result === undefined && this.session === undefined) {
        this.resumeFrom = claimed.entry;
      }
      return true;
    } finally {
      stopListening();
    }
  }

  /**
   * Opens or takes over a server session, then reconciles what it holds with what we hold.
   * False when the run went stale on the way.
   */
  protected async prepare(run: TaskRun): Promise<boolean> {
    const { protocol, partSize: preferred } = this.ctx.options;
    const { signal } = run;
    if (this.session !== undefined) {
      if (!this.resendAll) return this.reconcile(run);
      this.resendAll = false;
      return true;
    }
    const entry = this.resumeFrom;
    this.resumeFrom = undefined;
    const partSize = entry?.session.partSize ?? choosePartSize(this.file.size, protocol.limits, preferred);
    // The first part URLs may come with a new upload; kept in memory for the first send only.
    this.firstGrants = undefined;
    const io: Io = {
      ...this.io(signal),
      ...(this.ctx.lacking.parts ? {} : { signAhead: batchSize(this.ctx.scheduler.lanes), granted: (grants) => (this.firstGrants = grants) }),
    };
    const session = await attempt(PRIORITY.begin, this.attemptContext(run), () =>
      protocol.begin(fileInfoOf(this.file, this.ctx.options.objectKey?.(this.file)), partSize, entry?.session, io),
    );
    if (!this.live(run)) {
      // Note: the journaled entry (if any) stays for the next run, which asks again.
      this.resumeFrom ??= entry;
      return false;
    }
    this.adopt(session);
    const tookOver = entry !== undefined && session.uploadId === entry.session.uploadId && session.key === entry.session.key;
    if (tookOver) {
      this.resumed = true;
      this.ledger.seed(entry);
    }
    const journal = new TaskJournal(this.ctx.journal, this.entryFor(session, tookOver ? entry : undefined));
    this.ledger.attach(journal);
    await journal.open();
    if (!this.live(run)) return false;
    // A session found on the server (not opened now) may hold parts already.
    return tookOver || session.found === true ? this.reconcile(run) : true;
  }

  protected adopt(session: Session): void {
    const { limits } = this.ctx.options.protocol;
    const count = countParts(this.file.size, session.partSize, limits);
    if (session.partSize <= 0 || count > limits.maxParts) {
      throw new UploadError(`the server chose a part size (${session.partSize}) this file cannot use`, { kind: 'protocol' });
    }
    this.session = session;
    this.partSize = session.partSize;
    this.partCount = count;
    this.touch();
  }

  /** Server truth first; parts it lists are checked against the local bytes in the background. */
  protected async reconcile(run: TaskRun): Promise<boolean> {
    const session = this.requireSession();
    const { protocol } = this.ctx.options;
    const { signal } = run;
    const uploaded = protocol.uploaded?.bind(protocol);
    const listed =
      uploaded === undefined
        ? undefined
        : await attempt(PRIORITY.begin, this.attemptContext(run), () => uploaded(session, this.io(signal)));
    if (!this.live(run)) return false;
    if (listed === null) throw new UploadError('the server no longer knows this upload', { kind: 'session-gone' });
    const trusted = protocol.trustsListed?.(session) === true;
    this.ledger.reconcile(protocol, listed, this.partCount, (index) => this.part(index), this.ctx.hashPool.forFile(this.file), signal, trusted);
    return true;
  }

  protected async sendAll(run: TaskRun): Promise<void> {
    const session = this.requireSession();
    const { signal } = run;
    const { options, hashPool, scheduler } = this.ctx;
    const first = this.firstGrants;
    this.firstGrants = undefined;
    this.fileDigests = await sendParts(
      {
        file: this.file,
        protocol: options.protocol,
        session,
        partCount: this.partCount,
        part: (index) => this.part(index),
        ledger: this.ledger,
        progress: this.progress,
        hashPool,
        lanes: scheduler.lanes,
        integrity: options.integrity,
        fileMd5: options.fileMd5,
        lacking: this.ctx.lacking,
        ...(first === undefined ? {} : { first }),
        attemptContext: (s, beforeRetry) => this.attemptContext(run, beforeRetry, s),
        io: (s) => this.io(s),
        acknowledged: (index, record, sentIn) => {
          if (this.session !== sentIn) return false;
          if (!this.live(run)) {
            // The part is on the server; keep it for the next run, but a stale run emits nothing.
            if (!this.ledger.has(index)) this.ledger.acknowledge(index, record);
            return false;
          }
          this.progress.settled(index);
          this.ledger.acknowledge(index, record);
          this.ctx.emit('chunk-part-complete', { task: this.snapshot, part: record });
          return true;
        },
      },
      signal,
    );
  }

  protected async complete(run: TaskRun): Promise<UploadResult> {
    const session = this.requireSession();
    const { signal } = run;
    const parts = this.ledger.ordered();
    if (parts.length !== this.partCount) {
      throw new UploadError(`only ${parts.length} of ${this.partCount} parts are acknowledged`, { kind: 'protocol' });
    }
    await this.ledger.journal?.flush();
    const fileMd5 = this.fileDigests?.md5Hex;
    const io: Io = { ...this.io(signal), ...(fileMd5 === undefined ? {} : { fileMd5 }) };
    // Note: parts the server rejects at completion (InvalidPart) are not retried as they are:
    // #run reconciles with the server's list and sends them again at once.
    // A cancel while the request is out waits for its outcome (see cancel()); a failed attempt
    // then ends the run at once instead of trying again.
    const context = { ...this.attemptContext(run), passUp: (error: UploadError) => error.kind === 'integrity' || run.cancelRequested };
    const result = await attempt(PRIORITY.complete, context, async () => {
      run.committing = true;
      try {
        return await this.ctx.options.protocol.complete(session, parts, io);
      } catch (error) {
        run.committing = false;
        throw error;
      }
    });
    return fileMd5 === undefined ? result : { ...result, fileMd5 };
  }

  protected async succeed(run: TaskRun, result: UploadResult): Promise<void> {
    if (!this.live(run)) return;
    this.result = result;
    await this.ledger.journal?.finish(result);
    if (!this.step(run, 'done')) return;
    this.progress.stop();
    this.emitProgress();
    this.ctx.emit('chunk-upload-success', { task: this.snapshot, result });
  }
}
