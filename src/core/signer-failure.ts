import type { Signer } from '../contracts/signer.js';
import { classifyStatus } from '../transport/classify.js';
import { UploadError } from '../transport/upload-error.js';
import { localizeExpiries } from '../transport/server-clock.js';

export interface SignerFailureOptions {
  /** The server's requested wait (its Retry-After), in milliseconds. */
  readonly retryAfterMs?: number;
  /** The backend's own error code, if it sent one. */
  readonly code?: string;
  readonly cause?: unknown;
}

/**
 * The error a page's `signer` throws to say how its backend call failed, so the engine treats
 * it as it treats the network: 5xx, 429 and 408 are retried (429 with fewer lanes and at least
 * `retryAfterMs`), 401/403 are terminal `auth`, other 4xx terminal `client`.
 *
 * ```ts
 * signer: async (request, { signal }) => {
 *   const response = await fetch(`/api/${request.op}`, { method: 'POST', body: JSON.stringify(request), signal });
 *   if (!response.ok) throw signerFailure(response.status, await response.text());
 *   return response.json();
 * }
 * ```
 */
export function signerFailure(status: number, message = `HTTP ${status}`, options: SignerFailureOptions = {}): UploadError {
  return new UploadError(`the signer failed with HTTP ${status}: ${message}`, {
    kind: classifyStatus(status),
    status,
    ...(options.code === undefined ? {} : { code: options.code }),
    ...(options.retryAfterMs === undefined ? {} : { retryAfterMs: options.retryAfterMs }),
    ...(options.cause === undefined ? {} : { cause: options.cause }),
  });
}

/** What fetch throws when there is no answer, in Chromium, Firefox and Safari. */
const FETCH_FAILED = /failed to fetch|networkerror|load failed|network request failed|network connection was lost/i;

/**
 * A page's signer, with what it throws turned into the error kinds the retry policy knows: a
 * fetch that got no answer is `network`, a timeout `timeout`, a thrown `{ status }` (or
 * `{ response: { status } }`, as HTTP client libraries throw) is classified by that status.
 * Anything else stays a terminal `client` error naming the operation: a bug in the page.
 */
export function pageSigner(signer: Signer): Signer {
  return async (request, options) => {
    try {
      return localizeExpiries(await signer(request, options));
    } catch (thrown) {
      throw signerError(thrown, request.op, options.signal);
    }
  };
}

function signerError(thrown: unknown, op: string, signal: AbortSignal): UploadError {
  if (thrown instanceof UploadError) return thrown;
  if (signal.aborted) return new UploadError('stopped', { kind: 'aborted', cause: thrown });
  const text = thrown instanceof Error ? thrown.message : String(thrown);
  const what = `the signer failed on ${op}: ${text}`;
  if (thrown instanceof TypeError && FETCH_FAILED.test(text)) return new UploadError(what, { kind: 'network', cause: thrown });
  if (thrown instanceof DOMException && (thrown.name === 'TimeoutError' || thrown.name === 'AbortError')) {
    return new UploadError(what, { kind: 'timeout', cause: thrown });
  }
  const status = statusOf(thrown);
  if (status !== undefined) return new UploadError(what, { kind: classifyStatus(status), status, cause: thrown });
  return new UploadError(what, { kind: 'client', cause: thrown });
}

function statusOf(thrown: unknown): number | undefined {
  if (typeof thrown !== 'object' || thrown === null) return undefined;
  const direct = (thrown as { status?: unknown }).status;
  const nested = (thrown as { response?: { status?: unknown } }).response?.status;
  const status = typeof direct === 'number' ? direct : nested;
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599 ? status : undefined;
}
