import SparkMD5 from 'spark-md5';

/**
 * Deterministic test files, generated in the page: the same size and seed give the same bytes
 * on every run and machine, and nothing large is ever committed.
 */
export function testFile(size: number, options: { seed?: number; name?: string; type?: string; lastModified?: number } = {}): File {
  const seed = options.seed ?? 1;
  const chunks: BlobPart[] = [];
  const block = 1024 * 1024;
  let state = seed >>> 0 || 1;
  for (let offset = 0; offset < size; offset += block) {
    const length = Math.min(block, size - offset);
    const words = new Uint32Array(Math.ceil(length / 4));
    for (let i = 0; i < words.length; i += 1) {
      // xorshift32
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      words[i] = state >>> 0;
    }
    chunks.push(new Uint8Array(words.buffer, 0, length));
  }
  return new File(chunks, options.name ?? `file-${size}-${seed}.bin`, {
    type: options.type ?? 'application/octet-stream',
    lastModified: options.lastModified ?? 1_700_000_000_000,
  });
}

/** Hex MD5 of a Blob, read in slices so large files do not sit in memory twice. */
export async function md5Hex(blob: Blob): Promise<string> {
  const spark = new SparkMD5.ArrayBuffer();
  const step = 8 * 1024 * 1024;
  for (let offset = 0; offset < blob.size; offset += step) {
    spark.append(await blob.slice(offset, offset + step).arrayBuffer());
  }
  return spark.end();
}

export const KiB = 1024;
export const MiB = 1024 * 1024;
