import { toUploadError, UploadError } from '../transport/upload-error.js';
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
    if (error.kind === 'network' && isOffline()) {
      await waitOnline(ctx.signal);
      continue;
    }
    const decision = decideRetry(error, failures + 1, resigns, ctx.retry, ctx.random);
    if (decision.action === 'resign') {
      resigns += 1;
      continue;
    }
    if (decision.action !== 'retry') throw failures > 0 ? givenUp(error, failures + 1) : error;
    failures += 1;
    resigns = 0;
    if (error.kind === 'throttled') ctx.scheduler.throttle();
    ctx.onRetry?.(failures, decision.delayMs, error);
    await sleep(decision.delayMs, ctx.signal);
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

function isOffline(): boolean {
  return globalThis.navigator?.onLine === false;
}

/** Waiting for the network to come back spends no retry: nothing was wrong with the request. */
function waitOnline(signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      globalThis.removeEventListener('online', onOnline);
      signal.removeEventListener('abort', onAbort);
    };
    const onOnline = (): void => {
      done();
      resolve();
    };
    const onAbort = (): void => {
      done();
      reject(abortedBy(signal));
    };
    globalThis.addEventListener('online', onOnline);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
