/**
 * What the end-to-end page offers the Node side (`globalThis.e2e`), in plain JSON types so the
 * Node test code can import it without the DOM library.
 */
export interface PageTask {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly state: string;
  readonly loaded: number;
  readonly resumed: boolean;
  readonly elsewhere: { readonly loaded: number; readonly total: number } | undefined;
}

export interface PageInterrupted {
  readonly fingerprint: string;
  readonly name: string;
  readonly size: number;
  readonly loaded: number;
  readonly hasHandle: boolean;
  readonly activeElsewhere: boolean;
}

export interface PageEvent {
  readonly type: string;
  readonly at: number;
  readonly name?: string;
  readonly to?: string;
  readonly count?: number;
}

export interface E2eApi {
  /** True once the element's first list of unfinished uploads was read (pruning done). */
  readonly listed: boolean;
  /** Element events in order: state changes, successes, errors, fallback, list changes. */
  readonly events: readonly PageEvent[];
  tasks(): PageTask[];
  interrupted(): PageInterrupted[];
  /** Text of the element's notice and message parts (empty when none is shown). */
  notice(): string;
  message(): string;
  /**
   * Copies the file picked into the page's helper input `#seed` into the origin private file
   * system as `name`, and drops it on the element with its real FileSystemFileHandle.
   */
  dropFromSeed(name: string): Promise<void>;
  /** Makes journal entries (all, or the file `name`'s) look `ms` older; resolves with how many. */
  ageJournal(ms: number, name?: string): Promise<number>;
  /** Journal entries (fingerprint, name, updatedAt) as IndexedDB holds them. */
  journal(): Promise<{ fingerprint: string; name: string; updatedAt: number }[]>;
}

export interface E2eGlobal {
  readonly e2e: E2eApi;
}
