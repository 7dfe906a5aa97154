import type { UploaderEventMap, UploaderEventName } from './events.js';
import type { Uploader } from './uploader.js';

type Listener<K extends UploaderEventName> = (this: Uploader, event: UploaderEventMap[K]) => unknown;

/** The Uploader's EventTarget, typed by its event map. */
export class UploaderEventTarget extends EventTarget {
  override addEventListener<K extends UploaderEventName>(
    type: K,
    listener: Listener<K> | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener, options);
  }

  override removeEventListener<K extends UploaderEventName>(
    type: K,
    listener: Listener<K> | null,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void {
    super.removeEventListener(type, listener, options);
  }
}
