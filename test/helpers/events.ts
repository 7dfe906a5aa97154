/** Resolves with the next event of this name that passes the filter; rejects after `timeoutMs`. */
export function nextEvent<E extends Event = Event>(
  target: EventTarget,
  name: string,
  filter: (event: E) => boolean = () => true,
  timeoutMs = 120_000,
): Promise<E> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(name, listener);
      reject(new Error(`no ${name} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (event: Event): void => {
      if (!filter(event as E)) return;
      clearTimeout(timer);
      target.removeEventListener(name, listener);
      resolve(event as E);
    };
    target.addEventListener(name, listener);
  });
}

/** Records the names (and details) of events as they fire, for sequence assertions. */
export function recordEvents(target: EventTarget, names: readonly string[]): { readonly events: { name: string; detail: unknown }[]; stop(): void } {
  const events: { name: string; detail: unknown }[] = [];
  const listener = (event: Event): void => {
    events.push({ name: event.type, detail: (event as Event & { detail?: unknown }).detail });
  };
  for (const name of names) target.addEventListener(name, listener);
  return {
    events,
    stop: () => {
      for (const name of names) target.removeEventListener(name, listener);
    },
  };
}
