import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * A once-a-second render while some row's words change by the second (a retry countdown, how
 * long a stall has lasted), and none otherwise. `second` changes at each tick, so rows that
 * depend on the clock can re-render while the others are left alone.
 */
export class SecondClock implements ReactiveController {
  #host: ReactiveControllerHost;
  #timer: ReturnType<typeof setInterval> | undefined;
  #wanted = false;
  second = 0;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Ticks while `wanted` (call on each render). */
  keep(wanted: boolean): void {
    this.#wanted = wanted;
    if (wanted && this.#timer === undefined) {
      this.#timer = setInterval(() => {
        this.second += 1;
        this.#host.requestUpdate();
      }, 1000);
    } else if (!wanted) this.#stop();
  }

  hostConnected(): void {
    this.keep(this.#wanted);
  }

  hostDisconnected(): void {
    this.#stop();
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
