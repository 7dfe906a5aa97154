import type { Transport } from '../transport/transport.js';
import type { FileInfo, Signer, SignerSession } from './signer.js';
import type { JsonObject, JsonValue } from './json.js';

/**
 * What the planner needs to know about a target. The adapter declares limits; it never plans.
 * Sources: protocols.md section 0 and each target's section.
 */
export interface PartLimits {
  /** Smallest part allowed for every part but the last, in bytes. */
  readonly minPartSize: number;
  readonly maxPartSize: number;
  readonly maxParts: number;
  /** 1 for OSS and S3, 0 for QingStor; Qiniu and COS v4 ignore part numbers on the wire. */
  readonly firstPartNumber: 0 | 1;
  /** When set, every part but the last has exactly this size (Qiniu's 4 MiB blocks). */
  readonly fixedPartSize?: number;
  /** 1 when an empty file is still sent as one empty part (multipart APIs need a part). */
  readonly emptyFileParts: 0 | 1;
}

/**
 * The server-side context of one upload. Plain JSON, because the journal stores it. A
 * credential may appear here only together with its expiry; a URL with a query never does.
 */
export interface Session {
  readonly provider: string;
  /** The object key where the file lands. */
  readonly key: string;
  /** Upload id, COS session, or a local id for Qiniu (which has no server session). */
  readonly uploadId: string;
  /** The part size in force. COS v4's server may choose it; everyone else takes the plan's. */
  readonly partSize: number;
  /** At most this many parts of this upload in flight (COS v4 `serial_upload` sets 1). */
  readonly maxInFlight?: number;
  /** Set when the server already holds the whole file (COS v4 instant upload). */
  readonly completed?: UploadResult;
  /**
   * The session was found on the server rather than opened now (COS v4's `-4019`): it may hold
   * parts already, so the engine asks `uploaded` before sending any.
   */
  readonly found?: boolean;
  /** Adapter-owned data the adapter needs to continue (hosts, sha, …). */
  readonly extra?: JsonObject;
  /** The backend's session token for this upload, sent with every later signer request. */
  readonly signerSession?: SignerSession;
}

export interface PlannedPart {
  /** 0-based position in the file. */
  readonly index: number;
  /** Number on the wire: index + limits.firstPartNumber. */
  readonly number: number;
  readonly start: number;
  readonly end: number;
  /** Digests computed for this part before sending, when the adapter asked for them. */
  readonly digests?: PartDigests;
  /** The adapter's last saved progress inside this part (Qiniu's ctx and in-block offset). */
  readonly checkpoint?: JsonValue;
  /** This part's request, signed ahead by `signParts`; absent: `sendPart` signs it itself. */
  readonly grant?: PartGrant;
}

/**
 * One part's signed request (a presigned URL and the headers it was signed with). A secret:
 * held in memory until the part is sent or the grant expires; never journaled, logged or evented.
 */
export interface PartGrant {
  /** The wire part number this grant is for. */
  readonly number: number;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Unix ms, in this page's clock (the signer's answer was moved by the server offset). */
  readonly expiresAt?: number;
}

/** Digests the engine computed for a part before sending it (as `Protocol.partDigests` asked). */
export type PartDigests = RangeDigests;

/** What the server acknowledged for one part. Plain JSON, journaled. */
export interface PartRecord {
  readonly number: number;
  readonly size: number;
  /** As the server returned it (OSS and S3 keep the quotes). */
  readonly etag?: string;
  /** Lowercase hex MD5 of the bytes, when known: lets resume check a listed part is ours. */
  readonly md5?: string;
  readonly extra?: JsonObject;
}

export interface UploadResult {
  readonly provider: string;
  readonly key: string;
  readonly size: number;
  /** Whatever the service answered at completion (location, etag, rendered returnBody). */
  readonly response: JsonObject;
  /** Set when the object is stored but a follow-up step failed (Qiniu 579 callback). */
  readonly warning?: string;
  /** Hex MD5 of the whole file, when the `fileMd5` option asked for it. */
  readonly fileMd5?: string;
}

/** Algorithms the hash worker runs over a byte range of the file. */
export type RangeAlgorithm = 'md5' | 'crc32' | 'sha1';

export interface RangeDigests {
  readonly md5Hex?: string;
  readonly md5Base64?: string;
  /** Unsigned IEEE CRC-32 (as zlib), the form Qiniu answers with. */
  readonly crc32?: number;
  /** With `crc32Every`: the CRC-32 of each consecutive run of that many bytes (the last may be shorter). */
  readonly crc32s?: readonly number[];
  readonly sha1Hex?: string;
}

export interface RangeOptions {
  /** Also report the CRC-32 of every `crc32Every` bytes (Qiniu chunks inside a block), same pass. */
  readonly crc32Every?: number;
  /** Work that may wait behind digests of parts about to be sent (resume verification). */
  readonly background?: boolean;
}

export interface FileDigestRequest {
  /** MD5 of the whole file. */
  readonly md5?: boolean;
  /** Qiniu's etag of the whole file (protocols.md 1.3). */
  readonly qetag?: boolean;
  /**
   * SHA-1 of the whole file, recording the internal state after every `sha1Slices` bytes
   * (COS v4 `uploadparts`, protocols.md 4.1). Must be a multiple of 64.
   */
  readonly sha1Slices?: number;
}

export interface FileDigests {
  readonly md5Hex?: string;
  readonly qetag?: string;
  readonly sha1Hex?: string;
  /**
   * One entry per slice: the SHA-1 state after it, as COS writes it (each 32-bit word as 8 hex
   * digits of its little-endian bytes); the last entry is the plain final digest.
   */
  readonly sha1States?: readonly string[];
}

/**
 * Digests of the task's file, computed off the main thread by workers that read the File
 * themselves: part bytes never cross into page script. Every call honours its signal.
 */
export interface Hasher {
  range(
    start: number,
    end: number,
    algorithms: readonly RangeAlgorithm[],
    signal: AbortSignal,
    options?: RangeOptions,
  ): Promise<RangeDigests>;
  file(request: FileDigestRequest, signal: AbortSignal): Promise<FileDigests>;
}

/**
 * Credentials of one upload that serve many requests (Qiniu's UpToken, COS v4's signature, one
 * SAS for every block): held by the engine, in memory only, never journaled, and gone with the
 * upload. Per-part credentials (a presigned URL per part) do not need it.
 */
export interface CredentialStore {
  /**
   * The upload's credential `name` while it is fresh (more than a quarter of its lifetime, at
   * most 30 s, before `expiresAt` in Unix ms); otherwise `fetch()`, shared by concurrent callers.
   */
  get<T extends { readonly expiresAt: number }>(name: string, fetch: () => Promise<T>): Promise<T>;
  /** Forgets `value` (the service called it expired or refused it); a newer one stays. */
  drop(name: string, value: object): void;
}

/** Everything an adapter may use for one call. Always the last parameter. */
export interface Io {
  readonly signal: AbortSignal;
  readonly transport: Transport;
  readonly sign: Signer;
  readonly credentials: CredentialStore;
  readonly hasher: Hasher;
  /** Integrity checks are on (the default): send and check digests wherever the target allows. */
  readonly integrity: boolean;
  /** Per-request limits the engine wants applied. */
  readonly timeouts: { readonly requestMs: number; readonly stallMs: number };
  /** Bytes of the current part's body sent so far (retries restart from the part's saved offset). */
  onProgress?(bytesSentInThisPart: number): void;
  /** Persist progress inside the current part, so a reload can continue mid-part. */
  checkpoint?(state: JsonValue): void;
  /** At `complete`: hex MD5 of the whole file, when it was computed (the `fileMd5` option). */
  readonly fileMd5?: string;
  /**
   * At `begin` of a new upload: part URLs the session may bring along (`initiate` answering the
   * first parts), this many at most; handed to `granted`, in memory only.
   */
  readonly signAhead?: number;
  granted?(grants: readonly PartGrant[]): void;
}

export interface Protocol {
  readonly name: string;
  readonly limits: PartLimits;
  /**
   * Digests the engine computes for each part ahead of sending it (with look-ahead, off the
   * main thread) when integrity is on. Adapters needing finer ranges use `io.hasher` directly.
   */
  readonly partDigests: readonly RangeAlgorithm[];
  /**
   * Start a server session, or take over a journaled one. `partSize` is the planner's choice;
   * the returned session's `partSize` is the one used.
   */
  begin(file: FileInfo, partSize: number, journaled: Session | undefined, io: Io): Promise<Session>;
  /** The server's truth for resume; null when the server no longer knows the session. */
  uploaded?(session: Session, io: Io): Promise<readonly PartRecord[] | null>;
  /**
   * Digests of the local bytes that `verifyListed` needs; empty or absent when the target
   * cannot tell from a listing whether a part holds these bytes.
   */
  readonly listedDigests?: readonly RangeAlgorithm[];
  /**
   * Whether a part the server lists holds exactly these local bytes. Asked on resume for listed
   * parts the engine has no matching record of; false (or absent) means the part is sent again.
   */
  verifyListed?(listed: PartRecord, local: RangeDigests): boolean;
  /**
   * For targets with no server list (Qiniu): whether a journaled record can still be used
   * (its ctx has not expired, with a margin). Absent means journaled records are trusted only
   * through `uploaded`.
   */
  isRecordUsable?(record: PartRecord, nowMs: number): boolean;
  /**
   * Whether every part the server lists for this session holds this file's bytes, because the
   * adapter checked the whole file against the session (COS v4: its SHA-1 states), so listed
   * parts count as sent with no per-part check. Decided from the Session alone.
   */
  trustsListed?(session: Session): boolean;
  /**
   * One request for a whole file that fits in one part (PutObject, Put Blob, a form upload): one
   * signer call (`put`), one storage request, no server session, nothing to resume. Absent when
   * the target has no such upload. `digests` holds what `partDigests` names, when integrity is
   * on. `body` is the file itself, with its own `type`, which XHR sends as Content-Type unless
   * a header names one: a target whose signature leaves Content-Type out sends a slice instead.
   * Throws code `put-unsupported` when the backend has no `put`; the engine then opens a
   * multipart session as before.
   */
  putWhole?(file: FileInfo, body: Blob, digests: RangeDigests | undefined, io: Io): Promise<UploadResult>;
  /** Largest file `putWhole` may take (the service's single-request limit). */
  readonly putWholeMax?: number;
  /** Smallest file `putWhole` may take (default 0); smaller ones go the multipart way. */
  readonly putWholeMin?: number;
  /**
   * Signs many parts in one signer call (`parts`), ahead of the lanes that send them; each part
   * carries the digests `partDigests` names when integrity is on. May answer fewer grants than
   * asked. Absent when the target signs no part URLs. Throws code `parts-unsupported` when the
   * backend has no batch: `sendPart` then signs each part on its own, as before.
   */
  signParts?(session: Session, parts: readonly PlannedPart[], io: Io): Promise<readonly PartGrant[]>;
  /** Send one part (or, for Qiniu, one 4 MiB block as serial chunks). */
  sendPart(session: Session, part: PlannedPart, body: Blob, io: Io): Promise<PartRecord>;
  complete(session: Session, parts: readonly PartRecord[], io: Io): Promise<UploadResult>;
  abort?(session: Session, io: Io): Promise<void>;
}
