import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onNetworkChange } from '../core/network.js';

/**
 * Renders the element again when the page's language (`<html lang>`) or the network changes,
 * while it is in the document: its text and its offline notice follow both. The host adds it
 * (`host.addController(new PageChanges(host))`).
 */
export class PageChanges implements ReactiveController {
  #host: ReactiveControllerHost;
  #langObserver: MutationObserver | undefined;
  #stopWatchingNetwork: (() => void) | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  hostConnected(): void {
    this.#langObserver = new MutationObserver(() => this.#host.requestUpdate());
    this.#langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    this.#stopWatchingNetwork = onNetworkChange(() => this.#host.requestUpdate());
  }

  hostDisconnected(): void {
    this.#langObserver?.disconnect();
    this.#stopWatchingNetwork?.();
  }
}
