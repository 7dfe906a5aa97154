/** How fast the estimate follows a change of speed: half the weight is older than this. */
const HALF_LIFE_MS = 3_000;
/** No estimate before bytes have moved for this long: the first samples say little. */
const WARM_UP_MS = 1_000;

/**
 * Upload speed as an exponentially weighted average over time, and the time left from it.
 *
 * Each sample weighs by the time it covers, so bursty progress events (a part's last bytes,
 * four lanes reporting at once) do not make the number jump. The count of bytes sent never goes
 * backwards: bytes a retry sends again count as sent again, bytes taken back do not count. Time
 * without any sample counts as speed zero when read, so a stall drags the speed down and the
 * time left up instead of freezing them.
 */
export class ThroughputEstimator {
  #rate = 0;
  #lastLoaded: number | undefined;
  #lastAt = 0;
  #movingSince: number | undefined;
  #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** The task's bytes loaded now (may drop when a failed part is taken back). */
  sample(loaded: number): void {
    const at = this.#now();
    const last = this.#lastLoaded;
    this.#lastLoaded = loaded;
    if (last === undefined) {
      this.#lastAt = at;
      return;
    }
    const dt = at - this.#lastAt;
    const moved = Math.max(0, loaded - last);
    if (dt <= 0) {
      // Same instant: bytes that moved count in the next sample's interval.
      this.#lastLoaded = moved > 0 ? last : loaded;
      return;
    }
    this.#lastAt = at;
    if (moved > 0) this.#movingSince ??= at - dt;
    const weight = 1 - 2 ** (-dt / HALF_LIFE_MS);
    this.#rate += weight * ((moved * 1000) / dt - this.#rate);
  }

  /** Bytes per second, or undefined until there is enough to say. */
  bytesPerSecond(): number | undefined {
    const since = this.#movingSince;
    const at = this.#now();
    if (since === undefined || at - since < WARM_UP_MS) return undefined;
    return this.#rate * 2 ** (-(at - this.#lastAt) / HALF_LIFE_MS);
  }

  /** Milliseconds until `remaining` bytes are sent at the current speed; undefined when unknown. */
  etaMs(remaining: number): number | undefined {
    if (remaining <= 0) return 0;
    const rate = this.bytesPerSecond();
    if (rate === undefined || rate < 1) return undefined;
    return Math.round((remaining / rate) * 1000);
  }

  /** Starts over (a new run: paused time is not slow time). */
  reset(): void {
    this.#rate = 0;
    this.#lastLoaded = undefined;
    this.#movingSince = undefined;
  }
}
