import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TaskSnapshot } from '../core/task-snapshot.js';
import type { Translation } from './i18n/translation.js';
import { formStateOf, formValueOf } from './form-value.js';

/** What form association needs of the element. */
export interface FormHost extends ReactiveControllerHost {
  readonly name: string;
  readonly required: boolean;
  readonly tasks: readonly TaskSnapshot[];
  readonly shadowRoot: ShadowRoot | null;
  translation(): Translation;
}

/**
 * The element as a form control (`ElementInternals`): after each render it hands the form one
 * `name` entry per uploaded object key and reports validity, so a form cannot be submitted
 * while uploads are pending or failed, or, with `required`, before one is done. The browser
 * shows the translated sentence, anchored on the drop zone's button.
 */
export class FormController implements ReactiveController {
  readonly internals: ElementInternals;
  #host: FormHost;
  #lastValue = '';

  constructor(host: FormHost, internals: ElementInternals) {
    this.#host = host;
    this.internals = internals;
    host.addController(this);
  }

  hostUpdated(): void {
    const host = this.#host;
    const state = formStateOf(host.tasks, host.required, host.translation());
    const value = JSON.stringify([host.name, state.keys]);
    if (value !== this.#lastValue) {
      this.#lastValue = value;
      this.internals.setFormValue(formValueOf(host.name, state.keys));
    }
    const anchor = host.shadowRoot?.querySelector<HTMLElement>('[part~="drop-zone"] button') ?? undefined;
    if (state.message === '') this.internals.setValidity({});
    else this.internals.setValidity(state.flags, state.message, anchor);
  }
}
