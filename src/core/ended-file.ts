import type { HashPool } from '../hash/hash-pool.js';
import type { TaskState } from './task-state.js';

/**
 * A task that ended (stored, canceled, or failed until the user retries) needs no worker to
 * hold its file: the workers drop their handle, and a retry posts the file to them again.
 */
export function releaseEndedFile(pool: HashPool, file: File | undefined, to: TaskState): void {
  if (file !== undefined && (to === 'done' || to === 'canceled' || to === 'failed')) pool.release(file);
}
