import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { keepsStorage, processStorage } from '../../process-storage.js';
import type { LoggedRequest } from './request-log.js';

export interface ReceivedBody {
  readonly path: string;
  readonly size: number;
  /** Raw 16-byte MD5 of the bytes as stored (after any injected corruption). */
  readonly md5: Buffer;
  /** Raw SHA-1, or an empty Buffer when `sha1: false` was asked (it costs CPU on every byte). */
  readonly sha1: Buffer;
}

export interface ReceiveOptions {
  /** Counts bytes into the request's log entry as they arrive. */
  readonly entry?: LoggedRequest;
  /** Flip one byte as it arrives: the `corrupt` fault, as a bad link or proxy would. */
  readonly corrupt?: boolean;
  /** Refuse bodies over this size (the caller answers EntityTooLarge). */
  readonly maxBytes?: number;
  /** Extra per-chunk observer (CRC32 and the like). */
  readonly onChunk?: (chunk: Buffer) => void;
  /** Compute SHA-1 too (default true); emulators that never need it save the CPU. */
  readonly sha1?: boolean;
  /** Decodes a content encoding (S3's aws-chunked) before the bytes are counted and stored. */
  readonly decoder?: Transform;
  /** The size the body must have: the decoded size when decoding, else Content-Length. */
  readonly expectedSize?: number;
}

export class BodyTooLarge extends Error {}
export class BodyIncomplete extends Error {}
/** A decoder refused the body's framing; subclasses say how the service answers. */
export class BodyMalformed extends Error {}

/**
 * Part and object bytes live on disk in a temporary folder, streamed in and hashed on the way,
 * so a gigabyte upload never sits in the emulator's memory. The folder is
 * `<temp>/chunk-uploader-<pid>/<name>-XXXXXX`: removed by `destroy()`, and with the process's
 * folder when the process ends or is killed (server/process-storage.ts).
 */
export class DiskStore {
  readonly dir: string;
  #seq = 0;

  private constructor(dir: string) {
    this.dir = dir;
  }

  static async create(name: string): Promise<DiskStore> {
    return new DiskStore(await mkdtemp(join(processStorage(), `${name}-`)));
  }

  #nextPath(): string {
    this.#seq += 1;
    return join(this.dir, `${this.#seq}.bin`);
  }

  /** Streams a request body to a new file. Rejects if the client stops before Content-Length. */
  receive(req: IncomingMessage, options: ReceiveOptions = {}): Promise<ReceivedBody> {
    const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
    return this.receiveStream(req, { ...options, expectedSize: options.decoder === undefined ? declared : options.expectedSize });
  }

  /**
   * Streams any body (a multipart form's file part, say) to a new file; `expectedSize`, when
   * given, is the size it must have.
   */
  async receiveStream(source: Readable, options: ReceiveOptions = {}): Promise<ReceivedBody> {
    const path = this.#nextPath();
    const md5 = createHash('md5');
    const sha1 = options.sha1 === false ? undefined : createHash('sha1');
    const expected = options.expectedSize;
    let size = 0;
    let corrupted = !options.corrupt;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (options.entry !== undefined) options.entry.bytesIn += chunk.length;
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          callback(new BodyTooLarge(`body over ${options.maxBytes} bytes`));
          return;
        }
        let out = chunk;
        if (!corrupted && chunk.length > 0) {
          out = Buffer.from(chunk);
          out[0] = (out[0] ?? 0) ^ 0xff;
          corrupted = true;
        }
        md5.update(out);
        sha1?.update(out);
        options.onChunk?.(out);
        callback(null, out);
      },
    });
    try {
      if (options.decoder === undefined) await pipeline(source, meter, createWriteStream(path));
      else await pipeline(source, options.decoder, meter, createWriteStream(path));
    } catch (error) {
      await unlink(path).catch(() => undefined);
      if (error instanceof BodyTooLarge || error instanceof BodyMalformed) throw error;
      throw new BodyIncomplete(error instanceof Error ? error.message : String(error));
    }
    if (expected !== undefined && size !== expected) {
      await unlink(path).catch(() => undefined);
      throw new BodyIncomplete(`body of ${size} bytes, ${expected} were declared`);
    }
    return { path, size, md5: md5.digest(), sha1: sha1?.digest() ?? Buffer.alloc(0) };
  }

  /** Concatenates stored files into a new one, hashing the result. */
  async concat(paths: readonly string[]): Promise<{ readonly path: string; readonly size: number; readonly md5: Buffer }> {
    const path = this.#nextPath();
    const out = createWriteStream(path);
    const md5 = createHash('md5');
    let size = 0;
    for (const part of paths) {
      for await (const chunk of createReadStream(part)) {
        const buffer = chunk as Buffer;
        md5.update(buffer);
        size += buffer.length;
        if (!out.write(buffer)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    return { path, size, md5: md5.digest() };
  }

  async size(path: string): Promise<number> {
    return (await stat(path)).size;
  }

  async remove(path: string): Promise<void> {
    await unlink(path).catch(() => undefined);
  }

  /** Removes the store's folder, unless the process keeps its stores (`--keep`). */
  async destroy(): Promise<void> {
    if (keepsStorage()) return;
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Reads a small request body (XML, JSON, form) into memory, refusing anything large. */
export async function readSmallBody(req: IncomingMessage, limit = 4 * 1024 * 1024, entry?: LoggedRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (entry !== undefined) entry.bytesIn += buffer.length;
    if (size > limit) throw new BodyTooLarge(`body over ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads and discards a body, counting it. */
export async function drain(req: IncomingMessage, entry?: LoggedRequest): Promise<void> {
  for await (const chunk of req) if (entry !== undefined) entry.bytesIn += (chunk as Buffer).length;
}
