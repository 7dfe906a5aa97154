import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { processStorage } from '../../server/process-storage.js';

/** A file of random bytes on disk (so the browser gets a disk-backed File), and its MD5. */
export async function makeBenchFile(size: number): Promise<{ path: string; md5: string; cleanup(): Promise<void> }> {
  // In the process's storage folder, so a bench stopped by Ctrl-C leaves no file behind.
  const dir = await mkdtemp(join(processStorage(), 'bench-'));
  const path = join(dir, `bench-${size}.bin`);
  const out = createWriteStream(path);
  const md5 = createHash('md5');
  const block = 8 * 1024 * 1024;
  for (let written = 0; written < size; written += block) {
    const chunk = randomBytes(Math.min(block, size - written));
    md5.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { path, md5: md5.digest('hex'), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|k|kib|m|mib|g|gib)?$/i.exec(text.trim());
  if (match === null) throw new Error(`cannot read size ${text}; use e.g. 256MiB or 1GiB`);
  const unit = (match[2] ?? 'b').toLowerCase();
  const factor = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('g') ? 1024 ** 3 : 1;
  return Math.round(Number(match[1]) * factor);
}
