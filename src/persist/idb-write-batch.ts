import { promisifyRequest, type UseStore } from 'idb-keyval';

/** One write, applied to the store inside a shared transaction. */
interface PendingWrite {
  /**
   * Issues the write's requests, then calls `issued` so the next write's go after them; a
   * throw fails this write only.
   */
  readonly apply: (store: IDBObjectStore, fail: (error: unknown) => void, issued: () => void) => void;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for journal writes. Writes from every file that arrive while a transaction is
 * being committed wait for it and then go together in the next one, so a batch of files makes
 * a few transactions rather than one per write. An idle journal still commits at once (on the
 * next microtask). Writes keep their order: each write's requests are made once the previous
 * write's are, and IndexedDB runs them in that order, so an `update` sees every earlier write. Each write
 * resolves when its transaction has committed, as a write of its own would.
 */
export class IdbWriteBatch {
  readonly #store: UseStore;
  #pending: PendingWrite[] = [];
  /** A commit is scheduled or running: new writes join its next transaction. */
  #busy = false;

  constructor(store: UseStore) {
    this.#store = store;
  }

  put(key: string, value: unknown): Promise<void> {
    return this.#enqueue((store, _fail, issued) => {
      store.put(value, key);
      issued();
    });
  }

  remove(key: string): Promise<void> {
    return this.#enqueue((store, _fail, issued) => {
      store.delete(key);
      issued();
    });
  }

  /** Reads `key`, and writes what `change` returns; `undefined` deletes it. */
  update<T>(key: string, change: (old: T | undefined) => T | undefined): Promise<void> {
    return this.#enqueue((store, fail, issued) => {
      const read = store.get(key) as IDBRequest<T | undefined>;
      read.onsuccess = () => {
        try {
          const next = change(read.result);
          if (next === undefined) store.delete(key);
          else store.put(next, key);
        } catch (error) {
          fail(error);
        }
        issued();
      };
    });
  }

  #enqueue(apply: PendingWrite['apply']): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ apply, resolve, reject });
      if (this.#busy) return;
      this.#busy = true;
      queueMicrotask(() => void this.#commit());
    });
  }

  async #commit(): Promise<void> {
    while (this.#pending.length > 0) {
      const writes = this.#pending;
      this.#pending = [];
      const failures = new Map<PendingWrite, unknown>();
      try {
        await this.#store('readwrite', (store) => {
          // One write after another: an update reads only once every earlier write is issued.
          const issue = (index: number): void => {
            const write = writes[index];
            if (write === undefined) return;
            // Note: each write calls this once, after its last request or instead of it.
            const issued = (): void => issue(index + 1);
            try {
              write.apply(store, (error) => void failures.set(write, error), issued);
            } catch (error) {
              // A value IndexedDB cannot clone throws at once: that write fails, not the batch.
              failures.set(write, error);
              issued();
            }
          };
          issue(0);
          return promisifyRequest(store.transaction);
        });
        for (const write of writes) {
          if (failures.has(write)) write.reject(failures.get(write));
          else write.resolve();
        }
      } catch (error) {
        // The transaction aborted (quota, a closed database): none of its writes happened.
        for (const write of writes) write.reject(failures.get(write) ?? error);
      }
    }
    this.#busy = false;
  }
}
