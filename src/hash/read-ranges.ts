/**
 * Ranges up to this size are read with one `arrayBuffer()`. For a small range a stream costs
 * more than it saves: 200 ranges of 256 KiB took 321–488 ms as streams and 221–265 ms as
 * `arrayBuffer()` in a Chromium worker, the stream's setup and reads weighing more than the
 * zero-filled buffer.
 */
const ONE_READ_MAX = 1024 * 1024;

/**
 * Reads [start, end) of a Blob, as one buffer when the range is small and as a stream
 * otherwise. Measured in a Chromium 156 worker on a disk-backed file, `Blob.stream()` reads
 * about 2.4 times faster than `slice().arrayBuffer()` in 4 MiB chunks (1240 against 509 MB/s):
 * no fresh zero-filled buffer per chunk, and the browser keeps the next bytes coming while the
 * current ones are hashed. The whole Blob is read without a slice: a slice is a new Blob the
 * browser has to register.
 */
export class ChunkReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  readonly #buffer: Promise<ArrayBuffer> | undefined;
  /** True once the range is read to its end or canceled. */
  done = false;

  constructor(blob: Blob, start: number, end: number) {
    const source = start === 0 && end >= blob.size ? blob : blob.slice(start, end);
    if (end - start <= ONE_READ_MAX) this.#buffer = source.arrayBuffer();
    else this.#reader = source.stream().getReader();
  }

  /** The next chunk, or undefined at the end. */
  async next(): Promise<Uint8Array | undefined> {
    if (this.done) return undefined;
    if (this.#reader === undefined) {
      this.done = true;
      return new Uint8Array(await (this.#buffer as Promise<ArrayBuffer>));
    }
    const { done, value } = await this.#reader.read();
    if (done) this.done = true;
    return done ? undefined : value;
  }

  /** Stops reading (a canceled job); a small read's one buffer is dropped. */
  cancel(): void {
    this.done = true;
    void (this.#reader?.cancel() ?? this.#buffer)?.catch(() => undefined);
  }
}

/**
 * Feeds bytes [start, end) of a Blob to `sink` in order. Between chunks it asks `stopped()`,
 * so a canceled job stops within one chunk.
 */
export async function readRange(
  blob: Blob,
  start: number,
  end: number,
  sink: (bytes: Uint8Array) => void,
  stopped: () => boolean,
): Promise<boolean> {
  const reader = new ChunkReader(blob, start, end);
  while (!reader.done) {
    if (stopped()) {
      reader.cancel();
      return false;
    }
    const bytes = await reader.next();
    if (bytes !== undefined) sink(bytes);
  }
  return !stopped();
}
