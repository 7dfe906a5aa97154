/**
 * What the bench page's runs share: generated batch files, the sink's signer, one XHR PUT, and
 * lanes of work.
 */

export interface MeasuredResult {
  readonly seconds: number;
  readonly longestTaskMs: number;
  /** Milliseconds from the add() call (`adding`; else the start) to the first file done, for runs that call `fileDone`. */
  readonly firstFileMs?: number;
}

/**
 * Times `work`; `fileDone` is called by the run as each file finishes (the first one is kept),
 * `adding` just before it hands the files over (add(), addFiles()), after building the uploader.
 */
export type Measure = (work: (fileDone: () => void, adding: () => void) => Promise<string | void>) => Promise<MeasuredResult>;

/** Files of `size` bytes with distinct content (the sink does not care; the page's hashing does). */
export function batchFiles(count: number, size: number): File[] {
  return Array.from({ length: count }, (_, at) => {
    const bytes = new Uint8Array(size);
    new DataView(bytes.buffer).setUint32(0, at);
    return new File([bytes], `f${String(at).padStart(5, '0')}.bin`, { type: 'application/octet-stream' });
  });
}

/** One call of the sink's signer JSON API (bench/lib/sink-server.ts). */
export async function signed(sink: string, op: string, body: object): Promise<{ url?: string; uploadId?: string; key?: string }> {
  const response = await fetch(`${sink}/sign/oss/${op}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ op, provider: 'oss', ...body }) });
  if (!response.ok) throw new Error(`sign ${op}: HTTP ${response.status}`);
  return (await response.json()) as { url?: string; uploadId?: string; key?: string };
}

export function put(url: string, body: Blob, headers: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.onload = () => (xhr.status === 200 ? resolve() : reject(new Error(`PUT: HTTP ${xhr.status}`)));
    xhr.onerror = () => reject(new Error('PUT: network error'));
    xhr.send(body);
  });
}

/** Runs `work` over `items` with `lanes` in flight. */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T, at: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let at = next++; at < items.length; at = next++) await work(items[at] as T, at);
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
}
