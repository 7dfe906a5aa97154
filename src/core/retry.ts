import type { UploadError } from '../transport/upload-error.js';

export interface RetryOptions {
  /** Retries of one request after its first failure. */
  readonly retries: number;
  /** Ceiling of the first backoff window, in ms; it doubles each attempt. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Consecutive re-signs without success before an expired credential becomes terminal. */
  readonly maxResigns: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 8, baseDelayMs: 500, maxDelayMs: 30_000, maxResigns: 3 };

/**
 * Kinds a retry rarely cures: a malformed answer, and bytes that arrive changed (a link or a
 * proxy that corrupts them does so again). A few tries, then a clear error, not minutes of 0 %.
 */
const FEW_RETRIES = { protocol: 2, integrity: 3 } as const;

export type RetryDecision =
  | { readonly action: 'retry'; readonly delayMs: number }
  | { readonly action: 'resign' }
  | { readonly action: 'restart' }
  | { readonly action: 'fail' };

/**
 * What to do after a failed request, from the error's kind alone.
 * `attempt` counts failures so far of this request (1 after the first failure); `resigns`
 * counts consecutive re-signs. Full jitter: the delay is uniform in [0, window].
 */
export function decideRetry(
  error: UploadError,
  attempt: number,
  resigns: number,
  options: RetryOptions = DEFAULT_RETRY,
  random: () => number = Math.random,
): RetryDecision {
  switch (error.kind) {
    case 'expired-credential':
      return resigns < options.maxResigns ? { action: 'resign' } : { action: 'fail' };
    case 'session-gone':
      return { action: 'restart' };
    case 'network':
    case 'timeout':
    case 'server':
    case 'throttled':
    case 'integrity':
    case 'protocol': {
      const budget = error.kind === 'protocol' || error.kind === 'integrity' ? Math.min(options.retries, FEW_RETRIES[error.kind]) : options.retries;
      if (attempt > budget) return { action: 'fail' };
      const window = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const jittered = Math.round(random() * window);
      const delayMs = Math.max(jittered, error.retryAfterMs ?? 0);
      return { action: 'retry', delayMs };
    }
    default:
      return { action: 'fail' };
  }
}

/** Whole-run recoveries a task may try before it reports the error. */
export interface RunLimits {
  /** Starting over with a new server session after `session-gone`. */
  readonly maxRestarts: number;
  /** Going back to fix parts after completion refused them (`integrity` at `completing`). */
  readonly maxRepairs: number;
}

export const DEFAULT_RUN_LIMITS: RunLimits = { maxRestarts: 3, maxRepairs: 2 };

export type RunDecision = { readonly action: 'restart' } | { readonly action: 'repair' } | { readonly action: 'fail' };

/**
 * What a task run does with an error no request retry could settle: start over with a new
 * session, go back and reconcile the parts, or fail. `restarts` and `repairs` count what this
 * run did so far. One module decides about every error: this one, with `decideRetry`.
 */
export function decideRunRecovery(
  error: UploadError,
  phase: 'preparing' | 'uploading' | 'completing',
  restarts: number,
  repairs: number,
  limits: RunLimits = DEFAULT_RUN_LIMITS,
): RunDecision {
  if (error.kind === 'session-gone') return restarts < limits.maxRestarts ? { action: 'restart' } : { action: 'fail' };
  if (error.kind === 'integrity' && phase === 'completing') return repairs < limits.maxRepairs ? { action: 'repair' } : { action: 'fail' };
  return { action: 'fail' };
}
