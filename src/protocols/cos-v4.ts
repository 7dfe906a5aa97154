import { UploadError } from '../transport/upload-error.js';
import type { JsonObject } from '../contracts/json.js';
import type { Io, PartLimits, PartRecord, PlannedPart, Protocol, Session, UploadResult } from '../contracts/protocol.js';
import type { FileInfo } from '../contracts/signer.js';
import { SignatureCache } from './cos-v4/signatures.js';
import { CosWire } from './cos-v4/wire.js';
import { fileInfoFor, fileSha, sameBytes, samplesOf, sessionData, toExtra, type CosSessionData, type FileSha } from './cos-v4/session-data.js';
import { listedSlices, readListing, readStarted, sliceTag, type Listing } from './cos-v4/answers.js';

/** protocols.md 4.3: the slice sizes the service names; 1 MB is the one to request. */
export const COS_V4_SLICE_SIZES: readonly number[] = [524288, 1048576, 2097152, 3145728];

export interface CosV4Options {
  /** Slice size to request (default 1048576). The server's answer is the one used (4.1). */
  readonly sliceSize?: number;
  /** Where the signature goes: `query` (default, `?sign=`) or `header` (`Authorization`). */
  readonly signatureIn?: 'query' | 'header';
  /**
   * Send slices as CORS simple requests: no upload progress and no stall detection (the
   * request timeout still applies), for endpoints whose CORS rule answers no preflight.
   */
  readonly simpleRequests?: boolean;
  /** Replace an existing file at the key (`insertOnly=0`) instead of failing with -177. */
  readonly overwrite?: boolean;
}

export function cosV4Limits(sliceSize: number): PartLimits {
  return Object.freeze({
    minPartSize: 524288,
    maxPartSize: 3145728,
    // 4.3: no cap is documented beyond ceil(filesize / slice_size).
    maxParts: Number.MAX_SAFE_INTEGER,
    firstPartNumber: 0,
    // The planner proposes the size to request; the server decides the one in force.
    fixedPartSize: sliceSize,
    emptyFileParts: 0,
  });
}

/**
 * Tencent COS v4 slice upload (protocols.md 4): the browser speaks init, list, data and finish
 * itself with a multi-effect signature from the signer's `sign` operation. The server chooses
 * the slice size; `serial_upload` limits the session to one slice in flight; `access_url` in an
 * init or list answer means the file is already stored.
 */
export function createCosV4Protocol(options: CosV4Options = {}): Protocol {
  const requestSize = options.sliceSize ?? 1048576;
  if (!COS_V4_SLICE_SIZES.includes(requestSize)) {
    throw new UploadError(`COS v4 slice size ${requestSize} is not one of ${COS_V4_SLICE_SIZES.join(', ')}; use 1048576`, { kind: 'invalid', code: 'invalid-option' });
  }
  const provider = 'cos-v4' as const;
  const signatures = new SignatureCache();
  const wire = new CosWire(signatures, { signatureIn: options.signatureIn ?? 'query', simpleRequests: options.simpleRequests === true });
  /** Sessions whose listed slices are known to hold this file's bytes, by session id. */
  const vouched = new Set<string>();
  /** Slices a listing showed stored in a vouched session: offset → length. Sending them is skipped. */
  const stored = new Map<string, Map<number, number>>();
  /** Sessions whose finish failed the sha check: nothing listed is trusted, every slice goes again. */
  const distrusted = new Set<string>();
  const finishedEarly = new Map<string, UploadResult>();
  /** SHA-1 states by file, so a retried begin does not hash the file again. */
  const shas = new Map<string, FileSha>();

  const fileRecord = (file: FileInfo): CosSessionData['file'] => ({ name: file.name, size: file.size, type: file.type, lastModified: file.lastModified });

  const shaOf = async (io: Io, file: FileInfo, sliceSize: number): Promise<FileSha> => {
    const id = JSON.stringify([file.name, file.size, file.lastModified, file.key ?? '', sliceSize]);
    const known = shas.get(id);
    if (known !== undefined) return known;
    const computed = await fileSha(io, file.size, sliceSize);
    if (shas.size > 16) shas.clear();
    shas.set(id, computed);
    return computed;
  };

  const list = async (io: Io, file: FileInfo, key: string): Promise<Listing | undefined> => {
    try {
      return readListing((await wire.call(io, 'upload_slice_list', { file, key, fields: {} })).envelope.data);
    } catch (error) {
      // 4.2 (the JS SDK's order): no unfinished upload is an error answer; then init starts one.
      if (error instanceof UploadError && error.code === '-197') return undefined;
      throw error;
    }
  };

  const instant = (file: FileInfo, key: string, sliceSize: number, response: JsonObject): Session => ({
    provider,
    key,
    uploadId: 'instant',
    partSize: sliceSize,
    completed: { provider, key, size: file.size, response },
  });

  const adopt = (listing: Listing, key: string, data: CosSessionData): Session => {
    if (listing.session === undefined || listing.sliceSize === undefined) {
      throw new UploadError('upload_slice_list answered without a session or slice_size', { kind: 'protocol', code: 'bad-list' });
    }
    if (listing.filesize !== undefined && listing.filesize !== data.file.size) {
      throw new UploadError(`the unfinished upload of ${key} is for ${listing.filesize} bytes, not ${data.file.size}; upload under another key`, { kind: 'conflict', code: 'size-mismatch' });
    }
    if (distrusted.delete(listing.session)) {
      vouched.delete(listing.session);
      stored.delete(listing.session);
    } else {
      vouched.add(listing.session);
      stored.set(listing.session, listedSlices(listing, listing.sliceSize));
    }
    return { provider, key, uploadId: listing.session, partSize: listing.sliceSize, ...(listing.serial ? { maxInFlight: 1 } : {}), extra: toExtra(data) };
  };

  /** upload_slice_init; -4019 → upload_slice_list and continue that session (4.2, first order). */
  const start = async (file: FileInfo, key: string | undefined, sliceSize: number, io: Io): Promise<Session> => {
    // Note: uploadparts are taken at the size we request. If the server answers another
    // slice_size they are not recomputed: each entry names its own offset and length, an open
    // session has no operation to replace them, and the service still checks the slices that
    // line up with them and the whole-file sha at finish (4.1; the JS SDK does the same).
    const sha = io.integrity ? await shaOf(io, file, sliceSize) : undefined;
    const fields = {
      filesize: String(file.size),
      slice_size: String(sliceSize),
      ...(sha === undefined ? {} : { sha: sha.sha, uploadparts: JSON.stringify(sha.uploadparts) }),
      ...(options.overwrite === true ? { insertOnly: '0' } : {}),
    };
    // The signer chooses the key when the page did not; every later request names it.
    const signed = await signatures.get(io, file, key);
    const target = { file: { ...file, key: signed.key }, key: signed.key };
    const data = dataFor(file, signed.url, sha);
    let envelope;
    try {
      envelope = (await wire.call(io, 'upload_slice_init', { ...target, fields })).envelope;
    } catch (error) {
      if (!(error instanceof UploadError) || error.code !== '-4019') throw error;
      const listing = await list(io, target.file, signed.key);
      if (listing?.accessUrl !== undefined) return instant(file, signed.key, sliceSize, listing.response);
      if (listing === undefined) throw new UploadError('init answered -4019 but the list shows no unfinished upload; retrying', { kind: 'protocol', code: '-4019' });
      return adopt(listing, signed.key, data);
    }
    if (typeof envelope.data.access_url === 'string') return instant(file, signed.key, sliceSize, envelope.data);
    const started = readStarted(envelope.data);
    vouched.add(started.session);
    return { provider, key: signed.key, uploadId: started.session, partSize: started.sliceSize, ...(started.serial ? { maxInFlight: 1 } : {}), extra: toExtra(data) };
  };

  const dataFor = (file: FileInfo, url: string, sha: FileSha | undefined): CosSessionData => ({
    url,
    file: fileRecord(file),
    ...(sha === undefined ? {} : { sha: sha.sha, shaSliceSize: sha.sliceSize, samples: samplesOf(sha) }),
  });

  /** A journaled session: list first (4.2, second order), reused only for the same bytes. */
  const takeOver = async (file: FileInfo, journaled: Session, io: Io): Promise<Session | undefined> => {
    const data = sessionData(journaled);
    if (data.file.size !== file.size) return undefined;
    let verified = false;
    if (io.integrity && data.sha !== undefined && data.shaSliceSize !== undefined) {
      if (!sameBytes(data, await shaOf(io, file, data.shaSliceSize))) return undefined;
      verified = true;
    }
    const listing = await list(io, { ...file, key: journaled.key }, journaled.key);
    if (listing === undefined) return undefined;
    // A finished file is confirmed by init's sha check when there is a sha; without one, as the JS SDK does.
    if (listing.accessUrl !== undefined) return data.sha === undefined ? instant(file, journaled.key, journaled.partSize, listing.response) : undefined;
    if (listing.session !== journaled.uploadId || listing.sliceSize === undefined) return undefined;
    if (!verified) return { ...journaled, partSize: listing.sliceSize, ...(listing.serial ? { maxInFlight: 1 } : {}) };
    return adopt(listing, journaled.key, data);
  };

  return {
    name: provider,
    limits: cosV4Limits(requestSize),
    // The slice check is the whole-file SHA-1 states sent at init (4.1), not a per-part digest.
    partDigests: [],

    async begin(file: FileInfo, partSize: number, journaled: Session | undefined, io: Io): Promise<Session> {
      if (journaled !== undefined) signatures.adopt(journaled.key, journaled.signerSession);
      const resumed = journaled === undefined ? undefined : await takeOver(file, journaled, io);
      // A journaled session passes the slice size the server chose; ask for it only if it may be asked for.
      const session = resumed ?? (await start(file, journaled?.key ?? file.key, COS_V4_SLICE_SIZES.includes(partSize) ? partSize : requestSize, io));
      const signerSession = signatures.sessionFor(session.key);
      return signerSession === undefined ? session : { ...session, signerSession };
    },

    async uploaded(session: Session, io: Io): Promise<readonly PartRecord[] | null> {
      const id = session.uploadId;
      if (distrusted.delete(id)) {
        stored.delete(id);
        return [];
      }
      const data = sessionData(session);
      const listing = await list(io, fileInfoFor(session, data), session.key);
      if (listing === undefined || listing.accessUrl !== undefined || listing.session !== id || listing.sliceSize !== session.partSize) return null;
      const slices = listedSlices(listing, session.partSize);
      if (vouched.has(id)) stored.set(id, slices);
      return [...slices].map(([offset, size]) => ({ number: offset / session.partSize, size, etag: sliceTag(offset, size) }));
    },

    async sendPart(session: Session, part: PlannedPart, body: Blob, io: Io): Promise<PartRecord> {
      const record = { number: part.number, size: body.size, etag: sliceTag(part.start, body.size) };
      if (stored.get(session.uploadId)?.get(part.start) === body.size) return record;
      const data = sessionData(session);
      const fields = { session: session.uploadId, offset: String(part.start), ...(data.sha === undefined ? {} : { sha: data.sha }), filecontent: body };
      const progress = io.onProgress;
      const { envelope } = await wire.call(io, 'upload_slice_data', {
        file: fileInfoFor(session, data),
        key: session.key,
        fields,
        ...(progress === undefined ? {} : { onProgress: (loaded: number) => progress(Math.min(loaded, body.size)) }),
      });
      const offset = envelope.data.offset;
      if (offset !== undefined && Number(offset) !== part.start) {
        throw new UploadError(`upload_slice_data acknowledged offset ${String(offset)} for the slice at ${part.start}; sending it again`, { kind: 'protocol', code: 'bad-offset' });
      }
      // 4.1: a data answer carrying access_url means the service finished the file itself.
      if (typeof envelope.data.access_url === 'string') {
        finishedEarly.set(session.uploadId, { provider, key: session.key, size: data.file.size, response: envelope.data });
      }
      return record;
    },

    async complete(session: Session, _parts: readonly PartRecord[], io: Io): Promise<UploadResult> {
      const early = finishedEarly.get(session.uploadId);
      if (early !== undefined) return early;
      const data = sessionData(session);
      const fields = { session: session.uploadId, filesize: String(data.file.size), ...(data.sha === undefined ? {} : { sha: data.sha }) };
      let answer;
      try {
        answer = await wire.call(io, 'upload_slice_finish', { file: fileInfoFor(session, data), key: session.key, fields });
      } catch (error) {
        if (!(error instanceof UploadError) || error.code !== '-4016') throw error;
        // Which slice is wrong cannot be told (they did not line up with uploadparts, or the file
        // changed). Start over on the same session, trusting none of its slices: every one is sent
        // again. Note: `session-gone` restarts at once; an `integrity` kind would first retry
        // finish with the same bytes.
        distrusted.add(session.uploadId);
        throw new UploadError(`${error.message}; sending every slice again`, { ...error, kind: 'session-gone', cause: error });
      }
      for (const table of [vouched, stored, distrusted, finishedEarly]) table.delete(session.uploadId);
      return { provider, key: session.key, size: data.file.size, response: answer.envelope.data };
    },
  };
}
