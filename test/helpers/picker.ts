export type FakePicker = (options?: unknown) => Promise<FileSystemFileHandle[]>;

/**
 * Runs `body` with `window.showOpenFilePicker` replaced (or removed, with `undefined`), and
 * puts the browser's own back afterwards. A native picker cannot be driven from a test.
 */
export async function withPicker<T>(picker: FakePicker | undefined, body: () => Promise<T>): Promise<T> {
  const own = Object.getOwnPropertyDescriptor(window, 'showOpenFilePicker');
  Object.defineProperty(window, 'showOpenFilePicker', { value: picker, configurable: true, writable: true });
  try {
    return await body();
  } finally {
    if (own === undefined) delete (window as { showOpenFilePicker?: unknown }).showOpenFilePicker;
    else Object.defineProperty(window, 'showOpenFilePicker', own);
  }
}

/** A picker that records its calls and answers with `handles` (or with the user closing it). */
export function recordingPicker(handles: readonly FileSystemFileHandle[] | 'closed'): { picker: FakePicker; calls: unknown[] } {
  const calls: unknown[] = [];
  const picker: FakePicker = (options) => {
    calls.push(options);
    return handles === 'closed' ? Promise.reject(new DOMException('The user aborted a request.', 'AbortError')) : Promise.resolve([...handles]);
  };
  return { picker, calls };
}
