import { Uploader } from '../core/uploader.js';
import type { MessageController } from './message-controller.js';
import { DEFAULT_TUNING, engineOptions, resolveSettings, sameValues, type ElementInputs, type Tuning } from './settings.js';
import type { UploaderController } from './uploader-controller.js';

/**
 * Turns the element's attributes and properties into an engine: applies changed settings live
 * where the engine allows (concurrency), else makes a new engine for new files. Refused values
 * and the engine's own refusal go to the message area.
 */
export class EngineBuilder {
  #controller: UploaderController;
  #messages: MessageController;
  #applied: ElementInputs | undefined;
  #built: Omit<ElementInputs, 'concurrency'> | undefined;
  #tuning: Tuning = DEFAULT_TUNING;

  constructor(controller: UploaderController, messages: MessageController) {
    this.#controller = controller;
    this.#messages = messages;
  }

  /** The tuning values in force: each one the last valid value it was given. */
  get tuning(): Tuning {
    return this.#tuning;
  }

  /** The engines were destroyed (the element was out of the page): the next `apply` makes one. */
  forget(): void {
    this.#applied = undefined;
    this.#built = undefined;
  }

  apply(inputs: ElementInputs): void {
    if (this.#applied !== undefined && sameValues(inputs, this.#applied)) return;
    this.#applied = inputs;
    const settings = resolveSettings(inputs, this.#tuning);
    this.#tuning = settings.tuning;
    this.#messages.setProblems(settings.problems);
    const { concurrency: _ignored, ...buildKey } = inputs;
    const built = this.#built;
    if (settings.route === undefined) {
      this.#built = undefined;
      this.#controller.use(undefined);
    } else if (built !== undefined && this.#controller.current !== undefined && sameValues(buildKey, built)) {
      for (const engine of this.#controller.engines) engine.concurrency = settings.tuning.concurrency;
    } else {
      try {
        const engine = new Uploader(engineOptions(settings.route, settings.tuning, inputs));
        this.#built = buildKey;
        this.#messages.setRefusal(undefined);
        this.#controller.use(engine);
      } catch (error) {
        // The last engine that could be made stays in charge.
        this.#messages.setRefusal(error);
      }
    }
  }
}
