/** How much of the file one read brings into memory. */
export const READ_CHUNK = 4 * 1024 * 1024;

/**
 * Feeds bytes [start, end) of a Blob to `sink` in order, one bounded read at a time. Between
 * reads it asks `stopped()`, so a canceled job stops within one chunk.
 */
export async function readRange(
  blob: Blob,
  start: number,
  end: number,
  sink: (bytes: Uint8Array) => void,
  stopped: () => boolean,
  chunk = READ_CHUNK,
): Promise<boolean> {
  for (let offset = start; offset < end; offset += chunk) {
    if (stopped()) return false;
    const buffer = await blob.slice(offset, Math.min(offset + chunk, end)).arrayBuffer();
    if (stopped()) return false;
    sink(new Uint8Array(buffer));
  }
  return !stopped();
}
