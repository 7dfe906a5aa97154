import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { ResumableSha1 } from '../../verify/cos-sha1.js';
import { COS_ERRORS, type CosError } from './errors.js';

/** One `uploadparts` entry: the SHA-1 state of the file after `offset + datalen` bytes (4.1). */
export interface UploadPart {
  readonly offset: number;
  readonly datalen: number;
  readonly datasha: string;
}

const SHA_HEX = /^[0-9a-f]{40}$/;

/**
 * Parses and checks `uploadparts` against the file it describes: contiguous from 0, every entry
 * but the last of one size (a multiple of 64, so the state is defined), lengths adding up to
 * `filesize`, and the last entry being the whole-file `sha`.
 */
export function parseUploadparts(text: string, filesize: number, sha: string | undefined): UploadPart[] | CosError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return COS_ERRORS.badUploadparts;
  }
  const invalid = (why: string): CosError => ({ ...COS_ERRORS.badUploadparts, message: `uploadparts is not valid: ${why}` });
  if (sha === undefined) return invalid('uploadparts needs sha');
  if (!Array.isArray(parsed) || parsed.length === 0) return invalid('not a non-empty array');
  const parts: UploadPart[] = [];
  let next = 0;
  for (const item of parsed as unknown[]) {
    const { offset, datalen, datasha } = (item ?? {}) as Record<string, unknown>;
    if (typeof offset !== 'number' || typeof datalen !== 'number' || typeof datasha !== 'string' || !SHA_HEX.test(datasha)) {
      return invalid('each entry needs offset, datalen and a 40-hex datasha');
    }
    if (offset !== next || !Number.isInteger(datalen) || datalen < 0) return invalid(`entry at ${offset} does not follow the previous one`);
    parts.push({ offset, datalen, datasha });
    next += datalen;
  }
  if (next !== filesize) return invalid(`lengths add up to ${next}, not filesize ${filesize}`);
  const unit = parts[0]?.datalen ?? 0;
  if (parts.length > 1 && (unit % 64 !== 0 || parts.slice(0, -1).some((p) => p.datalen !== unit))) {
    return invalid('every entry but the last must have the same length, a multiple of 64');
  }
  if (parts.at(-1)?.datasha !== sha) return invalid('the last datasha must be the whole-file sha');
  return parts;
}

/**
 * Checks one stored slice against `uploadparts`, starting from the state the entry before it
 * records: true or false when the slice covers whole entries, undefined when its bounds do not
 * fall on entry bounds (the server chose another slice size) and only the finish check applies.
 */
export async function verifySlice(path: string, offset: number, size: number, parts: readonly UploadPart[]): Promise<boolean | undefined> {
  const first = parts.findIndex((p) => p.offset === offset);
  if (first < 0) return undefined;
  const covered: UploadPart[] = [];
  let end = offset;
  for (let i = first; i < parts.length && end < offset + size; i += 1) {
    const part = parts[i]!;
    covered.push(part);
    end += part.datalen;
  }
  if (end !== offset + size) return undefined;
  const before = parts[first - 1];
  const sha = new ResumableSha1(before === undefined ? undefined : { cosHex: before.datasha, offset });
  const isLast = covered.at(-1) === parts.at(-1);
  let boundary = 0;
  let position = offset;
  for await (const chunk of createReadStream(path)) {
    let bytes = chunk as Buffer;
    while (bytes.length > 0) {
      const part = covered[boundary]!;
      const take = Math.min(bytes.length, part.offset + part.datalen - position);
      sha.update(bytes.subarray(0, take));
      position += take;
      bytes = bytes.subarray(take);
      if (position === part.offset + part.datalen && !(isLast && boundary === covered.length - 1)) {
        if (sha.cosState() !== part.datasha) return false;
        boundary += 1;
      }
    }
  }
  return isLast ? sha.digestHex() === parts.at(-1)!.datasha : true;
}

/** Concatenates slices into one new file, with the MD5 and SHA-1 of the result. */
export async function joinSlices(dir: string, paths: readonly string[]): Promise<{ path: string; size: number; md5: string; sha1: string }> {
  const path = join(dir, `cos-object-${randomBytes(8).toString('hex')}.bin`);
  const out = createWriteStream(path);
  const md5 = createHash('md5');
  const sha1 = createHash('sha1');
  let size = 0;
  for (const slice of paths) {
    for await (const chunk of createReadStream(slice)) {
      const buffer = chunk as Buffer;
      md5.update(buffer);
      sha1.update(buffer);
      size += buffer.length;
      if (!out.write(buffer)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { path, size, md5: md5.digest('hex'), sha1: sha1.digest('hex') };
}
