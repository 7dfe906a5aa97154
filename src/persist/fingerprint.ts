import type { Hasher } from '../contracts/protocol.js';
import { shortSha1 } from '../contracts/short-sha1.js';

/** Bytes read from each end of the file for the content part of the fingerprint. */
export const EDGE_BYTES = 64 * 1024;

export interface FileIdentity {
  readonly provider: string;
  readonly endpoint: string;
  /** The key the page asked for; empty when the backend chooses. */
  readonly key: string;
  readonly name: string;
  readonly size: number;
  readonly lastModified: number;
}

function hex(text: string): string {
  let out = '';
  for (const byte of shortSha1(new TextEncoder().encode(text))) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** The same file, as far as name, size, date, target and key can tell. */
export function identityOf(file: FileIdentity): string {
  return `id1:${hex(JSON.stringify([file.provider, file.endpoint, file.key, file.name, file.size, file.lastModified]))}`;
}

/**
 * The identity plus a SHA-1 of the first and last 64 KiB (read in a hash worker), so a file
 * that changed under the same name, size and date gets a different fingerprint.
 */
export async function fingerprintOf(file: FileIdentity, hasher: Hasher, signal: AbortSignal): Promise<{ identity: string; fingerprint: string }> {
  const identity = identityOf(file);
  const head = await hasher.range(0, Math.min(EDGE_BYTES, file.size), ['sha1'], signal);
  const tail = await hasher.range(Math.max(0, file.size - EDGE_BYTES), file.size, ['sha1'], signal);
  return { identity, fingerprint: `fp1:${hex(`${identity}|${head.sha1Hex ?? ''}|${tail.sha1Hex ?? ''}`)}` };
}
