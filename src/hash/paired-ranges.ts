import { hexToBase64 } from './digesters.js';
import { Md5 } from './fast-md5.js';
import { ChunkReader } from './read-ranges.js';
import type { RangeDigests } from '../contracts/protocol.js';

/** A range whose only digest is MD5: two of them can share one worker, interleaved. */
export interface PairableRange {
  readonly id: number;
  readonly file: Blob;
  readonly start: number;
  readonly end: number;
  stopped(): boolean;
  done(digests: RangeDigests): void;
  canceled(): void;
  failed(error: unknown): void;
}

interface Running {
  readonly range: PairableRange;
  readonly md5: Md5;
  readonly reader: ChunkReader;
}

/**
 * Hashes up to two MD5-only ranges at once: each round reads the next chunk of both and feeds
 * them to `Md5.updateBoth`, whose interleaved rounds hash two parts in little more than the
 * time of one. A range added while another runs joins at its next chunk.
 */
export class PairedRanges {
  #running: Running[] = [];
  #pumping = false;

  add(range: PairableRange): void {
    this.#running.push({ range, md5: new Md5(), reader: new ChunkReader(range.file, range.start, range.end) });
    if (!this.#pumping) void this.#pump();
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#running.length > 0) {
        const round = this.#running.slice(0, 2);
        const chunks = await Promise.all(round.map((job) => this.#read(job)));
        const [first, second] = round;
        const [a, b] = chunks;
        if (first !== undefined && second !== undefined && a !== undefined && b !== undefined) {
          Md5.updateBoth(first.md5, a, second.md5, b);
        } else {
          round.forEach((job, i) => {
            const chunk = chunks[i];
            if (chunk !== undefined) job.md5.update(chunk);
          });
        }
        for (const job of round) this.#settle(job);
      }
    } finally {
      this.#pumping = false;
    }
  }

  /** The job's next chunk, or undefined when it has nothing (more) to read. */
  async #read(job: Running): Promise<Uint8Array | undefined> {
    if (job.range.stopped() || job.reader.done) return undefined;
    try {
      return await job.reader.next();
    } catch (error) {
      this.#drop(job);
      job.range.failed(error);
      return undefined;
    }
  }

  #settle(job: Running): void {
    if (!this.#running.includes(job)) return;
    if (job.range.stopped()) {
      this.#drop(job);
      job.reader.cancel();
      job.range.canceled();
    } else if (job.reader.done) {
      this.#drop(job);
      const md5Hex = job.md5.digest();
      job.range.done({ md5Hex, md5Base64: hexToBase64(md5Hex) });
    }
  }

  #drop(job: Running): void {
    this.#running = this.#running.filter((other) => other !== job);
  }
}
