import type { FileDigests, Hasher } from '../contracts/protocol.js';

/**
 * A Hasher that computes each whole-file digest request once: a full read of a large file is
 * costly, and an adapter's retried `begin` asks again (COS v4's SHA-1 states). A failed or
 * stopped computation is forgotten, so the next caller starts it afresh.
 */
export function rememberFileDigests(hasher: Hasher): Hasher {
  const known = new Map<string, Promise<FileDigests>>();
  return {
    range: (start, end, algorithms, signal, options) => hasher.range(start, end, algorithms, signal, options),
    file(request, signal) {
      const key = JSON.stringify(request);
      const pending = known.get(key) ?? hasher.file(request, signal);
      if (!known.has(key)) {
        known.set(key, pending);
        pending.catch(() => {
          if (known.get(key) === pending) known.delete(key);
        });
      }
      return pending;
    },
  };
}
