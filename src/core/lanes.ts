/**
 * Runs `work` over the items in order, at most `width` at a time. The first failure aborts the
 * batch signal handed to every piece of work and is rethrown once all have settled; an abort
 * of the outer signal is rethrown as its reason.
 */
export async function runLanes<T>(
  items: readonly T[],
  width: number,
  signal: AbortSignal,
  work: (item: T, position: number, batch: AbortSignal) => Promise<void>,
): Promise<void> {
  const batch = new AbortController();
  const forward = (): void => batch.abort(signal.reason);
  signal.addEventListener('abort', forward, { once: true });
  let failure: unknown;
  let cursor = 0;
  const lane = async (): Promise<void> => {
    while (failure === undefined && cursor < items.length) {
      const position = cursor;
      cursor += 1;
      try {
        await work(items[position] as T, position, batch.signal);
      } catch (thrown) {
        failure ??= thrown;
        batch.abort(thrown);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  } finally {
    signal.removeEventListener('abort', forward);
  }
  if (signal.aborted) throw signal.reason;
  if (failure !== undefined) throw failure;
}
