/** How much of the file one read brings into memory. */
export const READ_CHUNK = 4 * 1024 * 1024;

/** Reads one slice; the browser does the file I/O in another process. */
export function readSlice(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  return blob
    .slice(start, end)
    .arrayBuffer()
    .then((buffer) => new Uint8Array(buffer));
}

/**
 * Reads [start, end) of a Blob chunk by chunk, one chunk ahead: the next read is already on
 * its way while the current chunk is hashed, so file I/O and hashing overlap.
 */
export class ChunkReader {
  readonly #blob: Blob;
  readonly #end: number;
  readonly #chunk: number;
  #at: number;
  #ahead: Promise<Uint8Array> | undefined;

  constructor(blob: Blob, start: number, end: number, chunk = READ_CHUNK) {
    this.#blob = blob;
    this.#at = start;
    this.#end = end;
    this.#chunk = chunk;
  }

  get done(): boolean {
    return this.#at >= this.#end && this.#ahead === undefined;
  }

  /** The next chunk, or undefined at the end. */
  async next(): Promise<Uint8Array | undefined> {
    const current = this.#ahead ?? this.#read();
    if (current === undefined) return undefined;
    this.#ahead = this.#read();
    // A read-ahead that is never awaited (the job was canceled) must not go unhandled.
    this.#ahead?.catch(() => undefined);
    return current;
  }

  #read(): Promise<Uint8Array> | undefined {
    if (this.#at >= this.#end) return undefined;
    const start = this.#at;
    this.#at = Math.min(start + this.#chunk, this.#end);
    return readSlice(this.#blob, start, this.#at);
  }
}

/**
 * Feeds bytes [start, end) of a Blob to `sink` in order, one bounded read at a time (with one
 * read ahead). Between chunks it asks `stopped()`, so a canceled job stops within one chunk.
 */
export async function readRange(
  blob: Blob,
  start: number,
  end: number,
  sink: (bytes: Uint8Array) => void,
  stopped: () => boolean,
  chunk = READ_CHUNK,
): Promise<boolean> {
  const reader = new ChunkReader(blob, start, end, chunk);
  while (!reader.done) {
    if (stopped()) return false;
    const bytes = await reader.next();
    if (stopped()) return false;
    if (bytes !== undefined) sink(bytes);
  }
  return !stopped();
}
