/** What a tab tells the others about an upload it holds, so they can show it. */
export interface TabNews {
  readonly fingerprint: string;
  readonly loaded: number;
  readonly total: number;
  readonly state: string;
}

const CHANNEL = 'chunk-uploader';

/** A BroadcastChannel shared by every tab of the origin; a no-op where none exists. */
export class TabChannel {
  #channel: BroadcastChannel | undefined;
  #listeners = new Set<(news: TabNews) => void>();

  constructor() {
    if (typeof BroadcastChannel === 'undefined') return;
    this.#channel = new BroadcastChannel(CHANNEL);
    this.#channel.onmessage = (event: MessageEvent<TabNews>) => {
      for (const listener of this.#listeners) listener(event.data);
    };
  }

  post(news: TabNews): void {
    this.#channel?.postMessage(news);
  }

  listen(listener: (news: TabNews) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#channel?.close();
    this.#listeners.clear();
  }
}
