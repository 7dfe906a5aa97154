/**
 * One connection budget ("lanes") shared by every task of an Uploader. Work waits in order of
 * priority, then of the task's age, then of arrival, so parts of files already started go
 * before completions, and completions before new files begin (Uppy's priorities).
 */

export const PRIORITY = { part: 0, complete: 1, begin: 2 } as const;
export type Priority = (typeof PRIORITY)[keyof typeof PRIORITY];

interface Waiter {
  readonly priority: Priority;
  readonly order: number;
  readonly seq: number;
  readonly grant: (release: () => void) => void;
}

/** How long a throttle signal shrinks the budget before it is allowed to grow back. */
const THROTTLE_HOLD_MS = 2_000;

export class Scheduler {
  #lanes: number;
  #effective: number;
  #busy = 0;
  #seq = 0;
  #waiters: Waiter[] = [];
  #restoreTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(lanes: number) {
    this.#lanes = lanes;
    this.#effective = lanes;
  }

  get lanes(): number {
    return this.#lanes;
  }

  /** Lanes currently usable (fewer than `lanes` while throttled). */
  get effectiveLanes(): number {
    return this.#effective;
  }

  set lanes(value: number) {
    this.#lanes = value;
    this.#effective = this.#restoreTimer === undefined ? value : Math.min(this.#effective, value);
    this.#pump();
  }

  /**
   * Waits for a lane. Resolves with a release function that must be called exactly once;
   * rejects with the signal's reason if aborted while waiting.
   */
  acquire(priority: Priority, order: number, signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        priority,
        order,
        seq: this.#seq++,
        grant: (release) => {
          signal.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = (): void => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#waiters.sort((a, b) => a.priority - b.priority || a.order - b.order || a.seq - b.seq);
      this.#pump();
    });
  }

  /** The service asked us to slow down: halve the usable lanes, then grow back one at a time. */
  throttle(): void {
    this.#effective = Math.max(1, Math.floor(this.#effective / 2));
    this.#scheduleRestore();
  }

  #scheduleRestore(): void {
    clearTimeout(this.#restoreTimer);
    this.#restoreTimer = setTimeout(() => {
      this.#restoreTimer = undefined;
      if (this.#effective < this.#lanes) {
        this.#effective += 1;
        this.#pump();
        if (this.#effective < this.#lanes) this.#scheduleRestore();
      }
    }, THROTTLE_HOLD_MS);
  }

  #pump(): void {
    while (this.#busy < this.#effective && this.#waiters.length > 0) {
      const waiter = this.#waiters.shift();
      if (waiter === undefined) return;
      this.#busy += 1;
      let released = false;
      waiter.grant(() => {
        if (released) return;
        released = true;
        this.#busy -= 1;
        this.#pump();
      });
    }
  }
}
