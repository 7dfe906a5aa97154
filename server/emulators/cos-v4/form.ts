import busboy from 'busboy';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * The multipart/form-data body of a COS v4 request, parsed as it streams: small fields in
 * memory, the `filecontent` part straight to disk (hashed on the way), never a slice in memory.
 */

export interface FormFile {
  readonly path: string;
  readonly size: number;
  readonly md5: Buffer;
}

export interface CosForm {
  readonly fields: ReadonlyMap<string, string>;
  readonly file: FormFile | undefined;
}

/** What to do with the file part, decided when it begins (every field before it is known). */
export type FileDecision = { readonly store: true; readonly corrupt: boolean; readonly maxBytes: number } | { readonly store: false };

export interface ReadFormOptions {
  /** Folder for stored file parts. */
  readonly dir: string;
  /** Raw body bytes as they arrive (the request log's count, reset and stall faults). */
  readonly meter: Transform;
  /** Called once when the file part begins; may wait (the `delay` fault, serial checks). */
  beforeFile(fields: ReadonlyMap<string, string>): Promise<FileDecision>;
}

export class FormError extends Error {}

const FIELD_LIMIT = 16 * 1024 * 1024;

/** The documented name is `filecontent`; the official JS SDK sends `fileContent`. */
export function isFileField(name: string): boolean {
  return name.toLowerCase() === 'filecontent';
}

export async function readCosForm(req: IncomingMessage, options: ReadFormOptions): Promise<CosForm> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, limits: { fieldSize: FIELD_LIMIT, fields: 32, files: 1, parts: 40 } });
  } catch {
    throw new FormError('the body must be multipart/form-data');
  }
  const fields = new Map<string, string>();
  // Stops the file part's own pipeline when the request dies (client gone mid-body), which would
  // otherwise wait forever for bytes the destroyed parser will never pass on.
  const requestGone = new AbortController();
  let file: Promise<FormFile | undefined> | undefined;
  let problem: string | undefined;
  parser.on('field', (name, value, info) => {
    if (info.valueTruncated) problem ??= `field ${name} is too long`;
    if (fields.has(name)) problem ??= `field ${name} appears twice`;
    fields.set(name, value);
  });
  parser.on('file', (name, stream) => {
    if (!isFileField(name) || file !== undefined) {
      problem ??= `unexpected file part ${name}`;
      stream.resume();
      return;
    }
    file = receiveFile(stream, fields, options, requestGone.signal);
    // Awaited after the body ends; a failure before then must not count as unhandled.
    file.catch(() => undefined);
  });
  parser.on('filesLimit', () => {
    problem ??= 'only one file part is allowed';
  });
  try {
    await pipeline(req, options.meter, parser);
  } catch (error) {
    requestGone.abort();
    const stored = await file?.catch(() => undefined);
    if (stored !== undefined) await unlink(stored.path).catch(() => undefined);
    throw error instanceof FormError ? error : new FormError(`the form could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const stored = await file;
  if (problem !== undefined) {
    if (stored !== undefined) await unlink(stored.path).catch(() => undefined);
    throw new FormError(problem);
  }
  return { fields, file: stored };
}

async function receiveFile(
  stream: Readable,
  fields: ReadonlyMap<string, string>,
  options: ReadFormOptions,
  requestGone: AbortSignal,
): Promise<FormFile | undefined> {
  const decision = await options.beforeFile(new Map(fields));
  if (requestGone.aborted) {
    stream.destroy();
    return undefined;
  }
  if (!decision.store) {
    stream.resume();
    await new Promise<void>((resolve) => {
      stream.once('close', () => resolve());
      requestGone.addEventListener('abort', () => resolve(), { once: true });
    });
    return undefined;
  }
  const path = join(options.dir, `cos-${randomBytes(8).toString('hex')}.bin`);
  const md5 = createHash('md5');
  let size = 0;
  let corrupt = decision.corrupt;
  const hash = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > decision.maxBytes) {
        callback(new FormError(`the file part is over ${decision.maxBytes} bytes`));
        return;
      }
      let out = chunk;
      if (corrupt && chunk.length > 0) {
        out = Buffer.from(chunk);
        out[0] = (out[0] ?? 0) ^ 0xff;
        corrupt = false;
      }
      md5.update(out);
      callback(null, out);
    },
  });
  try {
    await pipeline(stream, hash, createWriteStream(path), { signal: requestGone });
  } catch (error) {
    await unlink(path).catch(() => undefined);
    throw error;
  }
  if ((stream as Readable & { truncated?: boolean }).truncated === true) {
    await unlink(path).catch(() => undefined);
    throw new FormError('the file part was cut short');
  }
  return { path, size, md5: md5.digest() };
}
