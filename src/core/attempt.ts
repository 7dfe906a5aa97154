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
    if (error.kind === 'network' && !isOnline()) continue;
    const decision = decideRetry(error, failures + 1, resigns, ctx.retry, ctx.random);
    if (decision.action === 'resign') {
      resigns += 1;
      ctx.onResign?.();
      continue;
    }
    if (decision.action !== 'retry') throw error;
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
