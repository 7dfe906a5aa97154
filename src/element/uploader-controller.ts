import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { UPLOADER_EVENT_NAMES, UploaderEvent } from '../core/events.js';
import type { TaskSnapshot } from '../core/task-snapshot.js';
import type { Uploader } from '../core/uploader.js';
import { releaseWhenIdle } from './release-when-idle.js';

/** `requestEngineUpdate` asks for a render that may wait a little (render-pacing.ts). */
export type UploaderControllerHost = ReactiveControllerHost & EventTarget & { requestEngineUpdate(): void };

/**
 * The seam between the engine and the element. It listens to the element's engines while the
 * element is connected, re-dispatches every engine event from the element (bubbling, composed,
 * a veto flowing back to the engine), and asks for a render (the element renders at most once
 * per animation frame, and the engine's changes a few times a second, however many events ask).
 *
 * An element usually has one engine. When settings change while files are still listed, the
 * old engine is kept ("retired") so its uploads finish under the settings they started with,
 * and new files go to the new engine. A retired engine is dropped once its list is empty.
 */
export class UploaderController implements ReactiveController {
  #host: UploaderControllerHost;
  #notify: (event: UploaderEvent<unknown>) => void;
  #engines: Uploader[] = [];
  #current: Uploader | undefined;
  #connected = false;
  #released: () => void;
  /** The engines were destroyed while the element was out: new ones are made when it comes back. */
  #releasedWhileOut = false;

  /**
   * `notify` sees each engine event after the page did (for announcements); `released` is
   * told, as the element comes back, that its engines were destroyed while it was out.
   */
  constructor(host: UploaderControllerHost, notify: (event: UploaderEvent<unknown>) => void, released: () => void = () => undefined) {
    this.#host = host;
    this.#notify = notify;
    this.#released = released;
    host.addController(this);
  }

  /** The engine new files go to; undefined while the settings cannot make one. */
  get current(): Uploader | undefined {
    return this.#current;
  }

  /** Every engine with listed tasks, oldest first; the current one last. */
  get engines(): readonly Uploader[] {
    return this.#engines;
  }

  get tasks(): readonly TaskSnapshot[] {
    return Object.freeze(this.#engines.flatMap((engine) => engine.tasks));
  }

  /** The engine that holds a task. */
  ownerOf(taskId: string): Uploader | undefined {
    return this.#engines.find((engine) => engine.task(taskId) !== undefined);
  }

  /** Makes `engine` the current one; the previous one is retired, or dropped if it lists nothing. */
  use(engine: Uploader | undefined): void {
    if (engine === this.#current) return;
    this.#current = engine;
    if (engine !== undefined) {
      this.#engines.push(engine);
      if (this.#connected) this.#listen(engine);
    }
    this.prune();
    this.#host.requestUpdate();
  }

  /** Drops retired engines whose lists are empty. */
  prune(): void {
    for (const engine of [...this.#engines]) {
      if (engine === this.#current || engine.tasks.length > 0) continue;
      this.#unlisten(engine);
      engine.destroy();
      this.#engines = this.#engines.filter((e) => e !== engine);
    }
  }

  hostConnected(): void {
    this.#connected = true;
    if (this.#releasedWhileOut) {
      this.#releasedWhileOut = false;
      this.#released();
    }
    for (const engine of this.#engines) this.#listen(engine);
    // Note: uploads keep running while the element is out of the document (a move between
    // parents must not stop them); catch up with whatever changed meanwhile.
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#connected = false;
    for (const engine of this.#engines) this.#unlisten(engine);
    // A move between parents reconnects within the same task; an element still out after it
    // lets go of its engines (workers, listeners, channel) once nothing runs.
    setTimeout(() => releaseWhenIdle(() => this.#engines, () => !this.#connected, () => this.#releaseAll()), 0);
  }

  #releaseAll(): void {
    const engines = this.#engines;
    this.#engines = [];
    this.#current = undefined;
    for (const engine of engines) void engine.destroy();
    this.#releasedWhileOut = true;
  }

  #listen(engine: Uploader): void {
    for (const name of UPLOADER_EVENT_NAMES) engine.addEventListener(name, this.#forward);
  }

  #unlisten(engine: Uploader): void {
    for (const name of UPLOADER_EVENT_NAMES) engine.removeEventListener(name, this.#forward);
  }

  #forward = (event: Event): void => {
    if (!(event instanceof UploaderEvent)) return;
    // Asked before the page hears the event, so `await el.updateComplete` in a listener sees it.
    this.#host.requestEngineUpdate();
    const copy = event.copy({ bubbles: true, composed: true });
    // The engine dispatches synchronously, so a veto on the copy can still stop the original.
    if (!this.#host.dispatchEvent(copy) && event.cancelable) event.preventDefault();
    this.#notify(event as UploaderEvent<unknown>);
  };
}
