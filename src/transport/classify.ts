import type { ErrorKind } from './upload-error.js';

/**
 * The kind an HTTP status means before any provider knowledge is applied. Adapters refine it
 * with the provider's error code (an expired signature is a 403 on OSS, a 401 on Qiniu).
 */
export function classifyStatus(status: number): ErrorKind {
  if (status === 0) return 'network';
  if (status === 408) return 'timeout';
  if (status === 429) return 'throttled';
  if (status === 401 || status === 403) return 'auth';
  if (status === 409) return 'conflict';
  if (status >= 500) return status === 503 ? 'throttled' : 'server';
  if (status >= 400) return 'client';
  return 'protocol';
}

/** The server's requested wait, from the answers that carry one (429, 503). */
export function retryAfterOf(response: { readonly status: number; header(name: string): string | null }): number | undefined {
  return response.status === 429 || response.status === 503 ? parseRetryAfter(response.header('Retry-After')) : undefined;
}

/** Milliseconds from a Retry-After header (seconds or an HTTP date), if present and sane. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 300_000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(date - now, 0), 300_000);
}
