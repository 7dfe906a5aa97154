import type { UploadError } from '../transport/upload-error.js';
import type { CheckedAttribute } from './i18n/translation.js';

export interface ConfigErrorDetail {
  /** The attribute (or its property) whose value was refused. */
  readonly attribute: CheckedAttribute | undefined;
  /** The refused value, as text. */
  readonly value: string;
  /** English, for developers; the element shows a translated sentence instead. */
  readonly error: UploadError;
}

/**
 * `chunk-config-error`: the element refused a setting. It keeps the last good value of a
 * tuning setting and stops new uploads on a bad provider or endpoint. Bubbles and is composed.
 */
export class ConfigErrorEvent extends Event {
  readonly detail: ConfigErrorDetail;

  constructor(detail: ConfigErrorDetail) {
    super('chunk-config-error', { bubbles: true, composed: true });
    this.detail = detail;
  }
}
