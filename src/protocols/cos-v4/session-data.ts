import { UploadError } from '../../transport/upload-error.js';
import { isJsonObject, type JsonObject } from '../../contracts/json.js';
import type { Io, Session } from '../../contracts/protocol.js';
import type { FileInfo } from '../../contracts/signer.js';

/**
 * What a COS v4 session keeps for resume (protocols.md 6): the session id and slice size (in
 * Session), the whole-file sha, the slice size the SHA-1 states were taken at, and samples of
 * those states, so a reload can tell the same bytes from a changed file before reusing it.
 * The file URL is kept without a query; the signature stays in memory.
 */
export interface CosSessionData {
  readonly url: string;
  /** The file as the signer was told about it (it signs again for every new signature). */
  readonly file: { readonly name: string; readonly size: number; readonly type: string; readonly lastModified: number };
  readonly sha?: string;
  /** Slice size the SHA-1 states (uploadparts) were computed at; may differ from the session's. */
  readonly shaSliceSize?: number;
  /** `"<offset>-<datalen>"` → datasha, for slices 1, 2, 4, 8, … and the last (as the JS SDK samples). */
  readonly samples?: Readonly<Record<string, string>>;
}

export interface FileSha {
  readonly sha: string;
  readonly sliceSize: number;
  readonly uploadparts: readonly { readonly offset: number; readonly datalen: number; readonly datasha: string }[];
}

/** Whole-file SHA-1 with the state after every slice, computed in the hash worker (4.1). */
export async function fileSha(io: Io, size: number, sliceSize: number): Promise<FileSha> {
  const digests = await io.hasher.file({ sha1Slices: sliceSize }, io.signal);
  const states = digests.sha1States;
  if (digests.sha1Hex === undefined || states === undefined || states.length !== Math.max(1, Math.ceil(size / sliceSize))) {
    throw new UploadError('the hash worker did not return SHA-1 slice states', { kind: 'protocol', code: 'hash-failed' });
  }
  const uploadparts = states.map((datasha, i) => ({ offset: i * sliceSize, datalen: Math.min(sliceSize, size - i * sliceSize), datasha }));
  return { sha: digests.sha1Hex, sliceSize, uploadparts };
}

export function samplesOf(sha: FileSha): Record<string, string> {
  const samples: Record<string, string> = {};
  const pick = (i: number): void => {
    const part = sha.uploadparts[i];
    if (part !== undefined) samples[`${part.offset}-${part.datalen}`] = part.datasha;
  };
  for (let i = 1; i < sha.uploadparts.length; i *= 2) pick(i - 1);
  pick(sha.uploadparts.length - 1);
  return samples;
}

/** Whether freshly computed states agree with a session's samples and sha. */
export function sameBytes(data: CosSessionData, sha: FileSha): boolean {
  if (data.sha !== sha.sha) return false;
  const fresh = samplesOf(sha);
  return Object.entries(data.samples ?? {}).every(([at, datasha]) => fresh[at] === datasha);
}

export function sessionData(session: Session): CosSessionData {
  const extra = session.extra;
  const file = isJsonObject(extra) ? extra.file : undefined;
  if (!isJsonObject(extra) || typeof extra.url !== 'string' || !isJsonObject(file) || typeof file.size !== 'number' || typeof file.name !== 'string') {
    throw new UploadError('the COS v4 session record is incomplete; start the upload again', { kind: 'session-gone', code: 'bad-session' });
  }
  return extra as unknown as CosSessionData;
}

export function toExtra(data: CosSessionData): JsonObject {
  return { ...data } as unknown as JsonObject;
}

export function fileInfoFor(session: Session, data: CosSessionData): FileInfo {
  return { ...data.file, key: session.key };
}
