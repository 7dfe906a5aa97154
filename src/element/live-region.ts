import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';

/** Sentences the live region keeps; older ones are dropped (removals are not announced). */
const LIVE_LINES = 3;

/**
 * The element's polite live region: the last few sentences said, each a new paragraph so that
 * screen readers announce additions only.
 */
export class LiveRegion {
  #host: ReactiveControllerHost;
  #lines: readonly { readonly id: number; readonly text: string }[] = [];
  #lastId = 0;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  announce(text: string): void {
    this.#lastId += 1;
    this.#lines = [...this.#lines, { id: this.#lastId, text }].slice(-LIVE_LINES);
    this.#host.requestUpdate();
  }

  render(): TemplateResult {
    return html`<div class="visually-hidden" role="status" aria-live="polite" aria-relevant="additions">
      ${repeat(this.#lines, (line) => line.id, (line) => html`<p>${line.text}</p>`)}
    </div>`;
  }
}
