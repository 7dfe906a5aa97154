import { isActive, type TaskState } from './task-state.js';

/** What the queue needs of a task: its age and a way to leave `queued`. */
export interface Startable {
  readonly order: number;
  readonly state: TaskState;
  start(): void;
}

/**
 * How many tasks may be running (preparing, uploading, completing) at once. More than the
 * lanes, so the work before a lane is granted (hashing, the journal, a signer call) overlaps
 * other files' requests and the budget stays full; far fewer than a batch of a thousand, whose
 * starts all at once made `add()` one long main-thread task.
 */
export function startWindow(lanes: number): number {
  return Math.max(16, lanes * 4);
}

/**
 * Tasks waiting to be started, oldest first. A task is started while fewer than the window are
 * running; each one that stops running (done, failed, paused, canceled, blocked by another
 * tab) lets the next one start, so files start, and mostly finish, in the order they were added.
 */
export class StartQueue<T extends Startable> {
  #waiting: T[] = [];
  #queued = new Set<T>();
  #running = 0;
  #pumpQueued = false;
  #laterQueued = false;
  readonly #lanes: () => number;
  /** False for a task the Uploader no longer lists (removed while it waited). */
  readonly #listed: (task: T) => boolean;

  constructor(lanes: () => number, listed: (task: T) => boolean) {
    this.#lanes = lanes;
    this.#listed = listed;
  }

  /**
   * Queues tasks to start, in order of age. As many as the lanes start now, which is all the
   * first round of requests needs; the rest of the window starts in the next tasks, a lane's
   * worth in each.
   *
   * Why: each start is a state change, its events and often a signer request; two dozen of
   * them in the call that adds a batch made that call, with the page's first render of the
   * batch, one main-thread task over 50 ms (bench: 200 × 256 KiB through the element).
   */
  want(tasks: Iterable<T>): void {
    for (const task of tasks) this.#insert(task);
    this.pump(this.#lanes());
    this.#fillLater();
  }

  #fillLater(): void {
    if (this.#laterQueued || this.#waiting.length === 0 || this.#running >= startWindow(this.#lanes())) return;
    this.#laterQueued = true;
    setTimeout(() => {
      this.#laterQueued = false;
      this.pump(this.#lanes());
      this.#fillLater();
    }, 0);
  }

  /** Every task's state change: counts the running ones; a freed place starts the next task. */
  moved(from: TaskState, to: TaskState): void {
    this.#running += (isActive(to) ? 1 : 0) - (isActive(from) ? 1 : 0);
    if (!isActive(from) || isActive(to) || this.#pumpQueued || this.#waiting.length === 0) return;
    // Note: after the current event's listeners, so the ending task's own events come first.
    this.#pumpQueued = true;
    queueMicrotask(() => {
      this.#pumpQueued = false;
      this.pump();
    });
  }

  /** Starts waiting tasks while the window has room (also when the lanes grew), `most` at most. */
  pump(most = Number.POSITIVE_INFINITY): void {
    const window = startWindow(this.#lanes());
    for (let started = 0; this.#running < window && this.#waiting.length > 0 && started < most; ) {
      const task = this.#waiting.shift() as T;
      this.#queued.delete(task);
      // A task paused, canceled or removed while it waited stays as it is.
      if (task.state === 'queued' && this.#listed(task)) {
        task.start();
        started += 1;
      }
    }
  }

  /** Forgets every waiting task (the Uploader is destroyed). */
  clear(): void {
    this.#waiting = [];
    this.#queued.clear();
  }

  #insert(task: T): void {
    const waiting = this.#waiting;
    if (this.#queued.has(task)) return;
    this.#queued.add(task);
    let low = 0;
    let high = waiting.length;
    // Binary search from the end's side: new files are the youngest, so this is usually a push.
    if (high === 0 || (waiting[high - 1] as T).order < task.order) {
      waiting.push(task);
      return;
    }
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((waiting[mid] as T).order < task.order) low = mid + 1;
      else high = mid;
    }
    waiting.splice(low, 0, task);
  }
}
