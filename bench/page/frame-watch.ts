/**
 * What the main thread did during a bench run: the longest task the browser reports
 * (`longtask`, >= 50 ms), and every animation frame of 50 ms or more with what it was made of
 * (`long-animation-frame`): each script over 5 ms (how it was invoked, its function and file,
 * its duration) and the frame's rendering time, so a long frame can be told to be script, or
 * Blink's style, layout and paint.
 */

interface FrameScript {
  readonly invoker: string;
  readonly sourceFunctionName: string;
  readonly sourceURL: string;
  readonly duration: number;
  readonly forcedStyleAndLayoutDuration?: number;
}
interface AnimationFrameTiming extends PerformanceEntry {
  readonly scripts?: FrameScript[];
  readonly renderStart?: number;
  readonly styleAndLayoutStart?: number;
  readonly blockingDuration?: number;
}

/** Frames listed per run at most (the count of all is kept): enough to see a pattern. */
const FRAMES_KEPT = 12;

export interface FrameReport {
  readonly longestTaskMs: number;
  readonly longTasks: number;
  /** Frames >= 50 ms, slowest first, each as one line. */
  readonly frames: readonly string[];
  readonly longFrames: number;
}

function describe(entry: AnimationFrameTiming, origin: number): string {
  const scripts = (entry.scripts ?? [])
    .filter((script) => script.duration >= 5)
    .map((script) => {
      const forced = script.forcedStyleAndLayoutDuration ? `, forced style+layout ${Math.round(script.forcedStyleAndLayoutDuration)} ms` : '';
      return `${script.invoker} ${script.sourceFunctionName}@${script.sourceURL.split('/').pop()?.split('?')[0] ?? ''} ${Math.round(script.duration)} ms${forced}`;
    })
    .join('; ');
  // renderStart: rAF callbacks begin; styleAndLayoutStart: Blink's style and layout begin; the
  // rest of the frame after it is style, layout and paint (which no script attribution covers).
  const end = entry.startTime + entry.duration;
  const render = entry.renderStart ? Math.round(end - entry.renderStart) : 0;
  const layout = entry.styleAndLayoutStart ? Math.round(end - entry.styleAndLayoutStart) : 0;
  const blocking = entry.blockingDuration === undefined ? '' : `, blocking ${Math.round(entry.blockingDuration)} ms`;
  return `${Math.round(entry.duration)} ms frame at ${((entry.startTime - origin) / 1000).toFixed(1)} s${blocking}: ${scripts || 'no script over 5 ms'}; render ${render} ms (style+layout+paint ${layout} ms)`;
}

export class FrameWatch {
  #longest = 0;
  #longTasks = 0;
  #frames: AnimationFrameTiming[] = [];
  #origin = 0;

  constructor() {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        this.#longest = Math.max(this.#longest, entry.duration);
        this.#longTasks += 1;
      }
    }).observe({ type: 'longtask', buffered: false });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as AnimationFrameTiming[]) if (entry.duration >= 50) this.#frames.push(entry);
    }).observe({ type: 'long-animation-frame', buffered: false });
  }

  /** Starts a run: what came before is forgotten, and frame times count from now. */
  reset(): void {
    this.#origin = performance.now();
    this.#longest = 0;
    this.#longTasks = 0;
    this.#frames = [];
  }

  report(): FrameReport {
    const slowest = [...this.#frames].sort((a, b) => b.duration - a.duration).slice(0, FRAMES_KEPT);
    return { longestTaskMs: this.#longest, longTasks: this.#longTasks, frames: slowest.map((entry) => describe(entry, this.#origin)), longFrames: this.#frames.length };
  }
}
