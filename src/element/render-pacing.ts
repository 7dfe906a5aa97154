import { LitElement, type PropertyDeclaration, type PropertyValues } from 'lit';
import { nextFrame } from './row-actions.js';

/**
 * Renders asked for only because the engine moved on (progress, a part done, a file done) come
 * at most every `RENDER_INTERVAL_MS`; anything else (the user's action, a setting, a new file)
 * renders at the next frame, and cuts a pending wait short.
 *
 * Why: a batch of small files or a fast big upload changes snapshots hundreds of times a second,
 * and a render per frame of those changes cost the page more main-thread time than the uploads
 * did (bench: 200 × 256 KiB, 1 GiB). A list that redraws five times a second still reads as live.
 */
export const RENDER_INTERVAL_MS = 200;

class RenderPacing {
  #lastRender = Number.NEGATIVE_INFINITY;
  #urgent = false;
  #renderingUrgently = false;
  #wake: (() => void) | undefined;

  urgent(): void {
    this.#urgent = true;
    this.#wake?.();
  }

  /** Waits until the next render may run; called once per render cycle, before it. */
  async beforeRender(): Promise<void> {
    const wait = this.#lastRender + RENDER_INTERVAL_MS - performance.now();
    if (!this.#urgent && wait > 0) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(done, wait);
        this.#wake = done;
      });
      this.#wake = undefined;
    }
    await nextFrame();
    this.#lastRender = performance.now();
    this.#renderingUrgently = this.#urgent;
  }

  /**
   * True when the render under way was asked for by something other than the engine; between
   * renders, what the last one was.
   */
  get renderingUrgently(): boolean {
    return this.#renderingUrgently;
  }

  /** A render ran: what asked during it is in it. */
  rendered(): void {
    this.#urgent = false;
  }
}

/** A Lit element that renders at most once per frame, and the engine's changes at a slower pace. */
export abstract class PacedElement extends LitElement {
  #pacing = new RenderPacing();
  #engineAsking = false;

  /** `updateComplete` still resolves after the render, however long it waited. */
  protected override async scheduleUpdate(): Promise<void> {
    await this.#pacing.beforeRender();
    super.scheduleUpdate();
  }

  protected override update(changed: PropertyValues): void {
    super.update(changed);
    this.#pacing.rendered();
  }

  /**
   * Resolves once a render asked for no other, so a caller sees all of it: a long list's rows
   * come over a few renders (row-mounting.ts).
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    while (!(await super.getUpdateComplete()));
    return true;
  }

  override requestUpdate(name?: PropertyKey, oldValue?: unknown, options?: PropertyDeclaration): void {
    super.requestUpdate(name, oldValue, options);
    // Note: Lit asks from its constructor, before this class's fields exist.
    if (#pacing in this && !this.#engineAsking) this.#pacing.urgent();
  }

  /**
   * Asks, from inside a render, for another one after it at that render's pace: the page's
   * request is followed at the next frame, the engine's at the engine's pace.
   *
   * Why: a long list adds its rows over several renders (row-mounting.ts). Following an
   * engine render at the next frame made a batch of small files, whose rows come and go many
   * times a second, render at every frame (bench: 200 × 256 KiB).
   */
  requestFollowUp(): void {
    const urgent = this.#pacing.renderingUrgently;
    // Asked for after this render: Lit takes a request made while it renders as part of it.
    queueMicrotask(() => (urgent ? this.requestUpdate() : this.requestEngineUpdate()));
  }

  /** The engine moved on: a render, at the engine's pace. */
  requestEngineUpdate(): void {
    this.asEngine(() => this.requestUpdate());
  }

  /** Runs `react` to an engine event: the renders it asks for (an announcement, a notice) keep the engine's pace. */
  protected asEngine(react: () => void): void {
    const outer = this.#engineAsking;
    this.#engineAsking = true;
    try {
      react();
    } finally {
      this.#engineAsking = outer;
    }
  }
}
