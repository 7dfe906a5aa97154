import { UploadError } from '../transport/upload-error.js';

function abortedBy(signal: AbortSignal): UploadError {
  return new UploadError('stopped', { kind: 'aborted', cause: signal.reason });
}

/**
 * The browser's word on the network (`navigator.onLine` and its `online`/`offline` events).
 * False only means "surely offline"; true may still mean a broken link, which requests find out.
 */
export function isOnline(): boolean {
  return globalThis.navigator?.onLine !== false;
}

/** Calls `listener` on every `online` and `offline` event until the returned function is called. */
export function onNetworkChange(listener: (online: boolean) => void): () => void {
  const onOnline = (): void => listener(true);
  const onOffline = (): void => listener(false);
  globalThis.addEventListener?.('online', onOnline);
  globalThis.addEventListener?.('offline', onOffline);
  return () => {
    globalThis.removeEventListener?.('online', onOnline);
    globalThis.removeEventListener?.('offline', onOffline);
  };
}

/**
 * Resolves after `ms`, or at once when the network comes back meanwhile: a backoff that began
 * while the link was down has nothing left to wait for. Rejects with `aborted` on the signal.
 */
export function backoff(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortedBy(signal));
      return;
    }
    const end = (): void => {
      clearTimeout(timer);
      stopListening();
      signal.removeEventListener('abort', onAbort);
    };
    const timer = setTimeout(() => {
      end();
      resolve();
    }, ms);
    const stopListening = onNetworkChange((online) => {
      if (!online) return;
      end();
      resolve();
    });
    const onAbort = (): void => {
      end();
      reject(abortedBy(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves when the browser is online (at once if it is). Waiting spends no retry. */
export function whenOnline(signal: AbortSignal): Promise<void> {
  if (isOnline()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const end = (): void => {
      stopListening();
      signal.removeEventListener('abort', onAbort);
    };
    const stopListening = onNetworkChange((online) => {
      if (!online) return;
      end();
      resolve();
    });
    const onAbort = (): void => {
      end();
      reject(abortedBy(signal));
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
