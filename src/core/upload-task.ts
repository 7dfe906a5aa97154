import { toUploadError, type UploadError } from '../transport/upload-error.js';
import { abortSession } from './remote-abort.js';
import { decideRunRecovery } from './retry.js';
import { TaskSteps } from './task-steps.js';
import type { TaskRun } from './task-run.js';
import { isTerminal } from './task-state.js';

export type { TaskContext } from './task-context.js';

/** Abort reasons, so a late failure can tell a user's intent from a real error. */
export const PAUSE = Symbol('chunk-uploader pause');
export const CANCEL = Symbol('chunk-uploader cancel');

/** Sending every part of a session again, when completion found the assembled file wrong. */
const MAX_RESENDS = 2;

/** One file's upload: its lifecycle (start, pause, resume, cancel) and the run loop with its recovery. */
export class UploadTask extends TaskSteps {
  /** Leaves `queued` and runs until done, failed, paused or canceled. */
  start(): void {
    if (this.state !== 'queued') return;
    this.transition('preparing');
    this.ctx.emit('chunk-upload-start', { task: this.snapshot });
    this.runs.begin((run) => this.#run(run));
  }

  /** Stops sending; acknowledged parts and the server session are kept for `resume()`. */
  pause(): void {
    if (!['queued', 'preparing', 'uploading', 'blocked'].includes(this.state)) return;
    this.#stopRun(PAUSE);
    void this.ledger.journal?.flush();
    this.transition('paused');
  }

  /** Writes buffered journal changes now (the page is being hidden or closed). */
  flushJournal(): Promise<void> {
    return this.ledger.journal?.flush() ?? Promise.resolve();
  }

  /** Back to the queue after a pause or a failure; the Uploader starts it. */
  resume(): void {
    if (this.state !== 'paused' && this.state !== 'failed') return;
    this.error = undefined;
    this.transition('queued');
  }

  /** Stops everything and removes what the server and the journal hold of this upload. */
  async cancel(): Promise<void> {
    if (isTerminal(this.state)) return;
    const run = this.runs.current;
    if (this.state === 'completing' && run?.committing === true) {
      // The completion may already be stored: cutting it off would report "canceled" for an
      // object that exists. Its outcome decides: stored means done (with the success event);
      // refused means canceled as usual.
      run.cancelRequested = true;
      await this.runs.ending;
      if (isTerminal(this.state)) return;
    }
    const session = this.session;
    this.#stopRun(CANCEL);
    this.transition('canceled');
    this.progress.stop();
    await this.ledger.journal?.drop();
    if (session === undefined || session.completed !== undefined) return;
    // Note: the upload is canceled for the user either way; a session the abort cannot reach is
    // removed by the storage's lifecycle rules or by journal pruning.
    // Its retries are not announced: the task already reported its end.
    await abortSession(this.ctx.options.protocol, session, (signal) => ({
      attempt: { scheduler: this.ctx.scheduler, order: this.order, retry: this.ctx.options.retry, signal },
      io: this.io(signal),
    }));
  }

  #stopRun(reason: symbol): void {
    this.runs.stop(reason);
    this.progress.clearInFlight();
    this.lock?.release();
    this.lock = undefined;
  }

  async #run(run: TaskRun): Promise<void> {
    this.startedAt = Date.now();
    let restarts = 0;
    let repairs = 0;
    let resends = 0;
    try {
      for (;;) {
        try {
          if (this.fitsOneRequest()) {
            const whole = await this.putWhole(run);
            if (whole === 'stale') return;
            if (whole !== 'parts') {
              if (!this.step(run, 'completing')) return;
              return await this.succeed(run, whole);
            }
          }
          if (!(await this.claim(run))) return;
          if (!(await this.prepare(run))) return;
          const session = this.requireSession();
          if (session.completed !== undefined) return await this.succeed(run, session.completed);
          if (!this.step(run, 'uploading')) return;
          await this.sendAll(run);
          if (!this.step(run, 'completing')) return;
          const result = await this.complete(run);
          return await this.succeed(run, result);
        } catch (thrown) {
          if (!this.runs.isCurrent(run) || run.cancelRequested) return;
          const error = toUploadError(thrown);
          if (error.resend === 'all' && this.session !== undefined && resends < MAX_RESENDS) {
            // Nothing the session holds is trusted: every part again, the server's list unasked.
            resends += 1;
            this.ledger.forgetParts();
            this.resendAll = true;
            if (!this.step(run, 'preparing')) return;
            continue;
          }
          const phase = this.state === 'uploading' || this.state === 'completing' ? this.state : 'preparing';
          const decision = decideRunRecovery(error, phase, restarts, repairs);
          if (decision.action === 'restart') {
            restarts += 1;
            await this.#forgetSession();
            if (!this.step(run, 'preparing')) return;
            continue;
          }
          if (decision.action === 'repair') {
            repairs += 1;
            if (!this.step(run, 'preparing')) return;
            continue;
          }
          this.#fail(run, error);
          return;
        }
      }
    } finally {
      if (this.runs.isCurrent(run)) {
        this.lock?.release();
        this.lock = undefined;
      }
    }
  }

  #fail(run: TaskRun, error: UploadError): void {
    if (!this.live(run)) return;
    this.error = error;
    this.progress.clearInFlight();
    void this.ledger.journal?.flush();
    this.transition('failed');
    this.ctx.emit('chunk-upload-error', { task: this.snapshot, error });
  }

  async #forgetSession(): Promise<void> {
    await this.ledger.clear();
    this.session = undefined;
    this.progress.clearInFlight();
  }
}
