import { isActive } from '../core/task-state.js';
import type { Uploader } from '../core/uploader.js';

/** Whether an engine has work under way or waiting (a paused or finished list is idle). */
function busy(engine: Uploader): boolean {
  return engine.tasks.some((task) => task.state === 'queued' || task.state === 'blocked' || isActive(task.state));
}

/**
 * Calls `release` once every engine is idle, as long as `stillOut` holds: now, or when the
 * last busy engine's queue completes. Uploads started before the element left finish first.
 */
export function releaseWhenIdle(engines: () => readonly Uploader[], stillOut: () => boolean, release: () => void): void {
  if (!stillOut() || engines().length === 0) return;
  const working = engines().find(busy);
  if (working === undefined) {
    release();
    return;
  }
  working.addEventListener('chunk-queue-complete', () => releaseWhenIdle(engines, stillOut, release), { once: true });
}
