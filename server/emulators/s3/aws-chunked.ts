import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { sameHexSignature, sha256Hex, sigv4Signature } from '../../verify/s3-sigv4.js';
import { BodyMalformed } from '../shared/disk-store.js';
import { chunkedErrors } from './checksum-errors.js';
import { S3_ERRORS, type S3Error } from './errors.js';

/**
 * Decodes an `aws-chunked` body (protocols.md 5.5): `hex-size[;chunk-signature=sig]\r\n`, the
 * bytes, `\r\n`, …, a zero-size chunk, then trailing headers and an empty line. With a signing
 * context every chunk's signature is checked as it ends, chained from the seed signature of
 * the Authorization header, and (for the -TRAILER variant) the trailer's signature too.
 * Bytes pass through as they arrive; only a chunk's SHA-256 state is kept, never the chunk.
 */

export interface ChunkSigning {
  readonly key: Buffer;
  readonly amzDate: string;
  /** `yyyymmdd/region/s3/aws4_request` */
  readonly scope: string;
  /** The Authorization header's signature, which the first chunk's signature chains from. */
  readonly seedSignature: string;
}

export interface AwsChunkedOptions {
  readonly signing?: ChunkSigning;
  /** Trailing headers are expected (the -TRAILER variants, x-amz-trailer set). */
  readonly trailer: boolean;
}

/** Signed chunks other than the last must carry at least this much (AWS sigv4-streaming). */
const MIN_SIGNED_CHUNK = 8192;
/** A chunk header or trailer line is short; more than this without CRLF is not aws-chunked. */
const MAX_LINE = 4096;
const EMPTY_SHA256 = sha256Hex('');

class ChunkedRefusal extends BodyMalformed {
  constructor(readonly s3Error: S3Error) {
    super(s3Error.message);
  }
}

/** The S3 error an aws-chunked body was refused with, if that is why a receive failed. */
export function chunkedRefusal(error: unknown): S3Error | undefined {
  return error instanceof ChunkedRefusal ? error.s3Error : undefined;
}

type Phase = 'header' | 'data' | 'data-end' | 'trailer' | 'done';

export class AwsChunkedDecoder extends Transform {
  /** Trailing headers by lower-case name, once the body has ended. */
  readonly trailers = new Map<string, string>();
  /** Bytes of payload decoded so far. */
  decodedBytes = 0;
  readonly #options: AwsChunkedOptions;
  #phase: Phase = 'header';
  #line = '';
  #remaining = 0;
  #chunkSize = 0;
  #chunkSignature = '';
  #previousSignature: string;
  #chunkHash: Hash | undefined;
  #sawSmallChunk = false;
  #trailerLines: string[] = [];

  constructor(options: AwsChunkedOptions) {
    super();
    this.#options = options;
    this.#previousSignature = options.signing?.seedSignature ?? '';
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.#phase !== 'done') callback(new ChunkedRefusal(chunkedErrors.malformed));
    else callback();
  }

  #consume(input: Buffer): void {
    let at = 0;
    while (at < input.length) {
      if (this.#phase === 'data') {
        const take = Math.min(this.#remaining, input.length - at);
        const piece = input.subarray(at, at + take);
        this.#chunkHash?.update(piece);
        this.push(piece);
        this.decodedBytes += take;
        this.#remaining -= take;
        at += take;
        if (this.#remaining === 0) this.#phase = 'data-end';
        continue;
      }
      if (this.#phase === 'done') throw new ChunkedRefusal(chunkedErrors.malformed);
      const newline = input.indexOf(0x0a, at);
      const end = newline < 0 ? input.length : newline + 1;
      this.#line += input.toString('latin1', at, end);
      at = end;
      if (this.#line.length > MAX_LINE) throw new ChunkedRefusal(chunkedErrors.malformed);
      if (newline < 0) continue;
      if (!this.#line.endsWith('\r\n')) throw new ChunkedRefusal(chunkedErrors.malformed);
      const line = this.#line.slice(0, -2);
      this.#line = '';
      this.#onLine(line);
    }
  }

  #onLine(line: string): void {
    switch (this.#phase) {
      case 'header':
        return this.#onChunkHeader(line);
      case 'data-end':
        if (line !== '') throw new ChunkedRefusal(chunkedErrors.malformed);
        this.#endChunk();
        return;
      case 'trailer':
        return this.#onTrailerLine(line);
      default:
        throw new ChunkedRefusal(chunkedErrors.malformed);
    }
  }

  #onChunkHeader(line: string): void {
    const [sizeHex = '', ...extensions] = line.split(';');
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeHex)) throw new ChunkedRefusal(chunkedErrors.malformed);
    const signatureExt = extensions.find((ext) => ext.startsWith('chunk-signature='));
    if (this.#options.signing !== undefined) {
      if (signatureExt === undefined) throw new ChunkedRefusal(chunkedErrors.malformed);
      this.#chunkSignature = signatureExt.slice('chunk-signature='.length);
      this.#chunkHash = createHash('sha256');
    }
    this.#chunkSize = Number.parseInt(sizeHex, 16);
    this.#remaining = this.#chunkSize;
    if (this.#chunkSize > 0) {
      this.#phase = 'data';
      return;
    }
    this.#verifyChunkSignature();
    // The zero chunk's own CRLF follows directly when there are no trailers.
    this.#phase = 'trailer';
  }

  #endChunk(): void {
    if (this.#options.signing !== undefined) {
      // Only the last data chunk may be small; a small chunk followed by more data is refused.
      if (this.#sawSmallChunk) throw new ChunkedRefusal(chunkedErrors.chunkTooSmall);
      if (this.#chunkSize < MIN_SIGNED_CHUNK) this.#sawSmallChunk = true;
    }
    this.#verifyChunkSignature();
    this.#phase = 'header';
  }

  #verifyChunkSignature(): void {
    const signing = this.#options.signing;
    if (signing === undefined) return;
    const toSign = [
      'AWS4-HMAC-SHA256-PAYLOAD',
      signing.amzDate,
      signing.scope,
      this.#previousSignature,
      EMPTY_SHA256,
      this.#chunkHash?.digest('hex') ?? EMPTY_SHA256,
    ].join('\n');
    const expected = sigv4Signature(signing.key, toSign);
    if (!sameHexSignature(expected, this.#chunkSignature)) throw new ChunkedRefusal(S3_ERRORS.badSignature);
    this.#previousSignature = expected;
  }

  #onTrailerLine(line: string): void {
    if (line === '') {
      this.#finishTrailers();
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new ChunkedRefusal(chunkedErrors.malformedTrailer);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      this.#verifyTrailerSignature(value);
      return;
    }
    this.trailers.set(name, value);
    this.#trailerLines.push(`${name}:${value}\n`);
  }

  #verifyTrailerSignature(given: string): void {
    const signing = this.#options.signing;
    if (signing === undefined || !this.#options.trailer) throw new ChunkedRefusal(chunkedErrors.malformedTrailer);
    const toSign = [
      'AWS4-HMAC-SHA256-TRAILER',
      signing.amzDate,
      signing.scope,
      this.#previousSignature,
      sha256Hex(this.#trailerLines.join('')),
    ].join('\n');
    if (!sameHexSignature(sigv4Signature(signing.key, toSign), given)) throw new ChunkedRefusal(S3_ERRORS.badSignature);
    this.#trailerLines = [];
    this.#previousSignature = '';
  }

  #finishTrailers(): void {
    if (this.trailers.size > 0 && !this.#options.trailer) throw new ChunkedRefusal(chunkedErrors.malformedTrailer);
    // A signed trailer must end with its signature, which clears the pending lines.
    if (this.#options.signing !== undefined && this.#options.trailer && this.#trailerLines.length > 0) {
      throw new ChunkedRefusal(chunkedErrors.malformedTrailer);
    }
    this.#phase = 'done';
  }
}
