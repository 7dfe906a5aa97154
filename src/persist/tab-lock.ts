/**
 * One tab uploads a given file at a time (Web Locks). A lock is released when its holder
 * releases it or when the holding tab goes away, closed or crashed, which is what lets a
 * waiting tab take over.
 */
export interface HeldLock {
  release(): void;
}

const NO_LOCKS: HeldLock = { release: () => undefined };

function request(name: string, options: LockOptions): Promise<HeldLock | null> {
  return new Promise((resolve, reject) => {
    navigator.locks
      .request(name, options, (lock) => {
        if (lock === null) {
          resolve(null);
          return undefined;
        }
        return new Promise<void>((release) => resolve({ release: () => release() }));
      })
      .catch(reject);
  });
}

/**
 * Takes the lock at once if free; otherwise calls `onWait` and waits for it (rejecting if the
 * signal aborts). Where Web Locks do not exist, every tab gets the lock: no cross-tab guard.
 */
export async function acquireTabLock(name: string, signal: AbortSignal, onWait: () => void): Promise<HeldLock> {
  if (typeof navigator === 'undefined' || navigator.locks === undefined) return NO_LOCKS;
  let now: HeldLock | null;
  try {
    now = await request(name, { ifAvailable: true });
  } catch (error) {
    // Note: Chromium refuses Web Locks with a SecurityError where the user blocks site storage
    // ("block all cookies"); the upload goes on without a cross-tab guard, as where none exist.
    if (error instanceof DOMException && error.name === 'SecurityError') return NO_LOCKS;
    throw error;
  }
  if (now !== null) return now;
  onWait();
  const later = await request(name, { signal });
  if (later === null) throw new Error('lock request ended without a lock');
  return later;
}
