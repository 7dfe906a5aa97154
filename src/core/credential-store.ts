import type { CredentialStore } from '../contracts/protocol.js';

interface Entry {
  readonly pending: Promise<{ readonly expiresAt: number }>;
  value?: { readonly expiresAt: number };
  receivedAt?: number;
}

/**
 * The engine's CredentialStore for one upload (see contracts/protocol.ts): a credential is
 * reused until a quarter of its lifetime (at most 30 s) is left, and a failed fetch is
 * forgotten so the next caller asks again.
 */
export function createCredentialStore(now: () => number = Date.now): CredentialStore {
  const entries = new Map<string, Entry>();
  const fresh = (entry: Entry): boolean => {
    if (entry.value === undefined || entry.receivedAt === undefined) return true;
    const lifetime = entry.value.expiresAt - entry.receivedAt;
    return entry.value.expiresAt - now() > Math.min(30_000, lifetime / 4);
  };
  return {
    get<T extends { readonly expiresAt: number }>(name: string, fetch: () => Promise<T>): Promise<T> {
      const known = entries.get(name);
      // Note: every entry under a name was made by the same kind of fetch, so it is that T.
      if (known !== undefined && fresh(known)) return known.pending as Promise<T>;
      const pending = fetch();
      const entry: Entry = { pending };
      entries.set(name, entry);
      pending.then(
        (value) => {
          entry.value = value;
          entry.receivedAt = now();
        },
        () => {
          if (entries.get(name) === entry) entries.delete(name);
        },
      );
      return pending;
    },
    drop(name: string, value: object): void {
      if (entries.get(name)?.value === value) entries.delete(name);
    },
  };
}
