import { toUploadError, UploadError } from '../transport/upload-error.js';
import { backoff, isOnline, whenOnline } from './network.js';
import { decideRetry, type RetryOptions } from './retry.js';
import type { Priority, Scheduler } from './scheduler.js';

export interface AttemptContext {
  readonly scheduler: Scheduler;
  /** The task's age, so older tasks get lanes first. */
  readonly order: number;
  readonly retry: RetryOptions;
  readonly signal: AbortSignal;
  /** Called before each backoff wait. */
  onRetry?(attempt: number, delayMs: number, error: UploadError): void;
  /** Called when an expired credential is to be signed again. */
  onResign?(): void;
  /**
   * A count of steps the request confirmed so far (a Qiniu block's chunks): a re-sign after
   * progress is not "in a row", since the last fresh credential did work.
   */
  progressMark?(): number;
  /** Errors the caller handles itself, passed up at once instead of retried here. */
  passUp?(error: UploadError): boolean;
  readonly random?: () => number;
}

/**
 * Runs one request under a lane, retrying as the policy says. The lane is held only while the
 * request runs, never during a backoff wait. Rejects with the final UploadError, or with an
 * `aborted` one when the signal fires.
 */
export async function attempt<T>(priority: Priority, ctx: AttemptContext, run: () => Promise<T>): Promise<T> {
  let failures = 0;
  let resigns = 0;
  let mark = ctx.progressMark?.();
  for (;;) {
    // Nothing is sent while the browser is offline; this wait spends no retry.
    await whenOnline(ctx.signal);
    const release = await acquire(ctx, priority);
    let error: UploadError;
    try {
      return await run();
    } catch (thrown) {
      error = toUploadError(thrown);
    } finally {
      release();
    }
    if (ctx.signal.aborted) throw abortedBy(ctx.signal);
    if (ctx.passUp?.(error) === true) throw error;
    // Sending the same request again cannot help: the whole session must be sent again.
    if (error.resend !== undefined) throw error;
    if (error.kind === 'network' && !isOnline()) continue;
    const progressed = ctx.progressMark?.();
    if (progressed !== mark) {
      mark = progressed;
      resigns = 0;
    }
    const decision = decideRetry(error, failures + 1, resigns, ctx.retry, ctx.random);
    if (decision.action === 'resign') {
      resigns += 1;
      ctx.onResign?.();
      continue;
    }
    if (decision.action !== 'retry') throw failures > 0 ? givenUp(error, failures + 1) : error;
    failures += 1;
    resigns = 0;
    if (error.kind === 'throttled') ctx.scheduler.throttle();
    ctx.onRetry?.(failures, decision.delayMs, error);
    // Note: ends early when the network comes back, so a reconnect resumes at once.
    await backoff(decision.delayMs, ctx.signal);
  }
}

async function acquire(ctx: AttemptContext, priority: Priority): Promise<() => void> {
  try {
    return await ctx.scheduler.acquire(priority, ctx.order, ctx.signal);
  } catch {
    throw abortedBy(ctx.signal);
  }
}

/** The last error, saying that it is final: its own text may say "sending again". */
function givenUp(error: UploadError, tries: number): UploadError {
  const why = error.kind === 'integrity' ? 'the bytes kept arriving changed (a proxy, a link or the host alters them)' : 'it kept failing';
  return new UploadError(`${error.message} — gave up after ${tries} tries: ${why}`, { ...error, cause: error });
}

export function abortedBy(signal: AbortSignal): UploadError {
  return new UploadError('stopped', { kind: 'aborted', cause: signal.reason });
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortedBy(signal));
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedBy(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
