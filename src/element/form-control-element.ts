import type { TaskSnapshot } from '../core/task-snapshot.js';
import type { Translation } from './i18n/translation.js';
import { formStateOf, formValueOf } from './form-value.js';
import { PacedElement } from './render-pacing.js';

/**
 * The element as a form control (`ElementInternals`): after each render it hands the form one
 * `name` entry per uploaded object key and reports validity, so a form cannot be submitted
 * while uploads are pending or failed, or, with `required`, before one is done. The browser
 * shows the translated sentence, anchored on the drop zone's button.
 */
export abstract class FormControlElement extends PacedElement {
  static formAssociated = true;

  #internals = this.attachInternals();
  #lastName = '';
  #lastKeys: readonly string[] = [];
  #lastValidity = '';
  #lastAnchor: HTMLElement | undefined;
  #formDisabled = false;

  abstract readonly name: string;
  abstract readonly required: boolean;
  /** The files the last render listed (read once per render: a batch's list is long). */
  protected abstract listedTasks(): readonly TaskSnapshot[];
  abstract translation(): Translation;
  /** The form was reset: the list is emptied. */
  abstract formResetCallback(): void;

  /** True inside a disabled `<fieldset>` or form. */
  protected get formDisabled(): boolean {
    return this.#formDisabled;
  }

  formDisabledCallback(disabled: boolean): void {
    this.#formDisabled = disabled;
    this.requestUpdate();
  }

  get form(): HTMLFormElement | null {
    return this.#internals.form;
  }

  get validity(): ValidityState {
    return this.#internals.validity;
  }

  get validationMessage(): string {
    return this.#internals.validationMessage;
  }

  get willValidate(): boolean {
    return this.#internals.willValidate;
  }

  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    const state = formStateOf(this.listedTasks(), this.required, this.translation());
    if (this.name !== this.#lastName || !sameKeys(state.keys, this.#lastKeys)) {
      this.#lastName = this.name;
      this.#lastKeys = state.keys;
      this.#internals.setFormValue(formValueOf(this.name, state.keys));
    }
    // Told only when it changes: a batch renders many times a second, and validity is the same.
    const anchor = this.shadowRoot?.querySelector<HTMLElement>('[part~="drop-zone"] button') ?? undefined;
    const validity = JSON.stringify([state.flags, state.message]);
    if (validity === this.#lastValidity && anchor === this.#lastAnchor) return;
    this.#lastValidity = validity;
    this.#lastAnchor = anchor;
    if (state.message === '') this.#internals.setValidity({});
    else this.#internals.setValidity(state.flags, state.message, anchor);
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, at) => key === b[at]);
}
