import { UploadError } from '../transport/upload-error.js';
import { isJsonObject, type JsonObject } from '../contracts/json.js';
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
  // Note: no state is kept between calls (DESIGN.md). What a session is known to hold is in the
  // Session (`vouched`), a file the service finished early is in the slice's PartRecord, and a
  // finish that fails the sha check throws `resend: 'all'`; the engine acts on each.
  // Note: the signatures (and the backend's session token) are credentials, held in memory only.
  const signatures = new SignatureCache();
  const wire = new CosWire(signatures, { signatureIn: options.signatureIn ?? 'query', simpleRequests: options.simpleRequests === true });

  const fileRecord = (file: FileInfo): CosSessionData['file'] => ({ name: file.name, size: file.size, type: file.type, lastModified: file.lastModified });

  // The engine's hasher keeps whole-file digests per file, so a retried begin does not hash again.
  const shaOf = (io: Io, file: FileInfo, sliceSize: number): Promise<FileSha> => fileSha(io, file.size, sliceSize);

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
    // The listed slices passed the service's checks against this file's sha: they count as sent.
    return {
      provider,
      key,
      uploadId: listing.session,
      partSize: listing.sliceSize,
      found: true,
      ...(listing.serial ? { maxInFlight: 1 } : {}),
      extra: toExtra({ ...data, vouched: true }),
    };
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
    return {
      provider,
      key: signed.key,
      uploadId: started.session,
      partSize: started.sliceSize,
      ...(started.serial ? { maxInFlight: 1 } : {}),
      extra: toExtra({ ...data, vouched: true }),
    };
  };

  const dataFor = (file: FileInfo, url: string, sha: FileSha | undefined): CosSessionData => ({
    url,
    file: fileRecord(file),
    ...(sha === undefined ? {} : { sha: sha.sha, shaSliceSize: sha.sliceSize, samples: samplesOf(sha) }),
  });

  /**
   * A journaled session: list first (4.2, second order), reused only for the same bytes;
   * `changed` when this file's bytes are not the journaled ones.
   */
  const takeOver = async (file: FileInfo, journaled: Session, io: Io): Promise<Session | 'changed' | undefined> => {
    const data = sessionData(journaled);
    if (data.file.size !== file.size) return 'changed';
    let verified = false;
    if (io.integrity && data.sha !== undefined && data.shaSliceSize !== undefined) {
      if (!sameBytes(data, await shaOf(io, file, data.shaSliceSize))) return 'changed';
      verified = true;
    }
    const listing = await list(io, { ...file, key: journaled.key }, journaled.key);
    if (listing === undefined) return undefined;
    // A finished file is confirmed by init's sha check when there is a sha; without one, as the JS SDK does.
    if (listing.accessUrl !== undefined) return data.sha === undefined ? instant(file, journaled.key, journaled.partSize, listing.response) : undefined;
    if (listing.session !== journaled.uploadId || listing.sliceSize === undefined) return undefined;
    if (!verified) return { ...journaled, partSize: listing.sliceSize, ...(listing.serial ? { maxInFlight: 1 } : {}), extra: toExtra({ ...data, vouched: false }) };
    return adopt(listing, journaled.key, data);
  };

  return {
    name: provider,
    limits: cosV4Limits(requestSize),
    // The slice check is the whole-file SHA-1 states sent at init (4.1), not a per-part digest.
    partDigests: [],
    // A session opened here, or taken over after its sha and samples matched this file's.
    trustsListed: (session: Session) => isJsonObject(session.extra) && session.extra.vouched === true,

    async begin(file: FileInfo, partSize: number, journaled: Session | undefined, io: Io): Promise<Session> {
      if (journaled !== undefined) signatures.adopt(journaled.key, journaled.signerSession);
      const resumed = journaled === undefined ? undefined : await takeOver(file, journaled, io);
      // Changed bytes start under the page's key hint, not the journaled key: the old unfinished
      // upload holds that key (no abort in v4), and a key policy with a random id gives a new one.
      const key = resumed === 'changed' ? file.key : (journaled?.key ?? file.key);
      // A journaled session passes the slice size the server chose; ask for it only if it may be asked for.
      const session =
        resumed !== undefined && resumed !== 'changed'
          ? resumed
          : await start(file, key, COS_V4_SLICE_SIZES.includes(partSize) ? partSize : requestSize, io);
      const signerSession = signatures.sessionFor(session.key);
      return signerSession === undefined ? session : { ...session, signerSession };
    },

    async uploaded(session: Session, io: Io): Promise<readonly PartRecord[] | null> {
      const data = sessionData(session);
      const listing = await list(io, fileInfoFor(session, data), session.key);
      if (listing === undefined || listing.accessUrl !== undefined || listing.session !== session.uploadId || listing.sliceSize !== session.partSize) return null;
      return [...listedSlices(listing, session.partSize)].map(([offset, size]) => ({ number: offset / session.partSize, size, etag: sliceTag(offset, size) }));
    },

    async sendPart(session: Session, part: PlannedPart, body: Blob, io: Io): Promise<PartRecord> {
      const record = { number: part.number, size: body.size, etag: sliceTag(part.start, body.size) };
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
      // 4.1: a data answer carrying access_url means the service finished the file itself; the
      // record carries the answer to complete.
      return typeof envelope.data.access_url === 'string' ? { ...record, extra: { finished: envelope.data } } : record;
    },

    async complete(session: Session, parts: readonly PartRecord[], io: Io): Promise<UploadResult> {
      const data = sessionData(session);
      const finished = parts.map((part) => part.extra?.finished).find(isJsonObject);
      if (finished !== undefined) return { provider, key: session.key, size: data.file.size, response: finished };
      const fields = { session: session.uploadId, filesize: String(data.file.size), ...(data.sha === undefined ? {} : { sha: data.sha }) };
      let answer;
      try {
        answer = await wire.call(io, 'upload_slice_finish', { file: fileInfoFor(session, data), key: session.key, fields });
      } catch (error) {
        if (!(error instanceof UploadError) || error.code !== '-4016') throw error;
        // Which slice is wrong cannot be told (they did not line up with uploadparts, or the file
        // changed): every slice goes again in the same session, trusting none the server holds.
        throw new UploadError(`${error.message}; sending every slice again`, {
          kind: 'integrity',
          code: '-4016',
          resend: 'all',
          ...(error.status === undefined ? {} : { status: error.status }),
          cause: error,
        });
      }
      return { provider, key: session.key, size: data.file.size, response: answer.envelope.data };
    },
  };
}
