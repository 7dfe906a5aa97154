import type { Io, Protocol, Session } from '../contracts/protocol.js';
import { attempt, type AttemptContext } from './attempt.js';
import { PRIORITY } from './scheduler.js';

/** How long a best-effort abort may take before the caller moves on. */
const ABORT_TIMEOUT_MS = 60_000;

/**
 * Tells the server to drop an upload session (AbortMultipartUpload and kin), with the usual
 * retries, under its own signal: the caller's run is already stopped. Never throws; resolves
 * false when the target has no abort or the server could not be reached in time.
 */
export async function abortSession(
  protocol: Protocol,
  session: Session,
  context: (signal: AbortSignal) => { readonly attempt: AttemptContext; readonly io: Io },
): Promise<boolean> {
  const abort = protocol.abort?.bind(protocol);
  if (abort === undefined) return false;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ABORT_TIMEOUT_MS);
  const { attempt: attemptContext, io } = context(controller.signal);
  try {
    await attempt(PRIORITY.complete, attemptContext, () => abort(session, io));
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
