/**
 * One run of a task: from `start()` (or a resume) until it ends, pauses or is canceled. Every
 * step a run takes after an await goes through `live`: a run that was stopped, or replaced by
 * a newer run of the same task, changes nothing and emits nothing. This replaces remembering a
 * `signal.aborted` check after each await.
 */
export class TaskRun {
  readonly #controller = new AbortController();
  #stopped = false;
  /** The completion request was sent: cancel waits for its outcome instead of cutting it off. */
  committing = false;
  /** The user canceled while the completion was in flight. */
  cancelRequested = false;

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** False once stopped: nothing this run does may reach the task's state or events. */
  get live(): boolean {
    return !this.#stopped;
  }

  stop(reason: unknown): void {
    this.#stopped = true;
    this.#controller.abort(reason);
  }
}

/** Holds the task's current run; `isCurrent` is the guard every late step asks. */
export class RunSlot {
  #current: TaskRun | undefined;
  #ending: Promise<void> = Promise.resolve();

  get current(): TaskRun | undefined {
    return this.#current;
  }

  /** Starts a new run; the previous one, if any, must have been stopped. */
  begin(body: (run: TaskRun) => Promise<void>): TaskRun {
    const run = new TaskRun();
    this.#current = run;
    this.#ending = body(run).finally(() => {
      if (this.#current === run) this.#current = undefined;
    });
    return run;
  }

  isCurrent(run: TaskRun): boolean {
    return run.live && this.#current === run;
  }

  /** Stops the current run, which from now on is stale. */
  stop(reason: unknown): void {
    this.#current?.stop(reason);
    this.#current = undefined;
  }

  /** Resolves when the latest run's body has returned. */
  get ending(): Promise<void> {
    return this.#ending;
  }
}
