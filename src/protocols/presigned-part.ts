import type { HttpResponse } from '../transport/transport.js';
import { classifyStatus, retryAfterOf } from '../transport/classify.js';
import { UploadError, type ErrorKind } from '../transport/upload-error.js';
import type { Io, PartGrant, PartLimits, PartRecord, PlannedPart, Protocol, Session, UploadResult } from '../contracts/protocol.js';
import type { FileInfo } from '../contracts/signer.js';
import type { PartResponse, PartsResponse } from './shared/presigned-ops.js';
import { presignedPut } from './shared/presigned-put.js';
import {
  callSigner,
  expectComplete,
  expectInitiate,
  expectList,
  expectPart,
  expectParts,
  issuedSession,
  lacksOperation,
  sessionField,
} from './shared/sign-answers.js';

/**
 * The presigned-part family (OSS, QingStor, S3): the backend initiates, lists, completes and
 * aborts; the browser PUTs each part to a URL the backend signed. What differs per target is
 * configuration, never code.
 */
export interface PresignedPartConfig {
  readonly name: string;
  readonly limits: PartLimits;
  /** The status a stored part answers with (200 for OSS and S3, 201 for QingStor). */
  readonly partStatus: number;
  /** Code and message of an error body (XML for OSS and S3, JSON for QingStor). */
  parseError(body: string): { readonly code?: string; readonly message?: string };
  /** Provider error codes whose kind differs from what the status alone says. */
  readonly errorKinds: Readonly<Record<string, ErrorKind>>;
  /** A finer look for codes whose meaning depends on the message (OSS says "expired" in a 403). */
  refineKind?(status: number, code: string | undefined, message: string | undefined): ErrorKind | undefined;
  /**
   * The service documents a part's ETag as the MD5 of its bytes: an ETag that differs from the
   * MD5 sent is an integrity failure, and the part is sent again.
   */
  readonly etagIsMd5: boolean;
  /**
   * On resume, accept a listed part whose ETag equals the MD5 of the local bytes (default:
   * `etagIsMd5`). Equality is proof on its own, so a target whose part ETags are MD5s in
   * practice but not by documentation can set this without setting `etagIsMd5`.
   */
  readonly verifyListedByMd5?: boolean;
  /** Complete needs part ETags: an unreadable ETag header is a CORS setup error. */
  readonly etagRequired: boolean;
  /** What to tell the developer when the ETag header is not exposed. */
  readonly exposeEtagHint: string;
  /** A small file goes up in one PutObject (signer operation `put`). Default true. */
  readonly singlePut?: boolean;
}

export function createPresignedPartProtocol(config: PresignedPartConfig): Protocol {
  const provider = config.name;

  const relayed = (error: unknown): unknown => {
    if (!(error instanceof UploadError) || error.code === undefined) return error;
    const kind = config.refineKind?.(error.status ?? 0, error.code, error.message) ?? config.errorKinds[error.code];
    if (kind === undefined || kind === error.kind) return error;
    return new UploadError(error.message, { ...error, kind, cause: error });
  };

  const storageError = (response: HttpResponse, what: string, url: string): UploadError => {
    const { code, message } = config.parseError(response.body);
    const kind =
      config.refineKind?.(response.status, code, message) ??
      (code === undefined ? undefined : config.errorKinds[code]) ??
      classifyStatus(response.status);
    return new UploadError(`${what} failed with HTTP ${response.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`, {
      kind,
      status: response.status,
      ...(code === undefined ? {} : { code }),
      method: 'PUT',
      url,
      retryAfterMs: retryAfterOf(response),
    });
  };

  const verifyListedByMd5 = config.verifyListedByMd5 ?? config.etagIsMd5;

  return {
    name: provider,
    limits: config.limits,
    partDigests: ['md5'],
    listedDigests: verifyListedByMd5 ? ['md5'] : [],
    verifyListed: (listed, local) =>
      verifyListedByMd5 && listed.etag !== undefined && local.md5Hex !== undefined && normalEtag(listed.etag) === local.md5Hex,

    async begin(file: FileInfo, partSize: number, journaled: Session | undefined, io: Io): Promise<Session> {
      if (journaled !== undefined) return journaled;
      // The first part URLs come with the upload, unless each must carry an MD5 not hashed yet.
      const { firstPartNumber } = config.limits;
      const first = io.integrity ? 0 : Math.min(io.signAhead ?? 0, Math.ceil(file.size / partSize));
      const parts = Array.from({ length: first }, (_, i) => ({ partNumber: i + firstPartNumber, size: Math.min(partSize, file.size - i * partSize) }));
      try {
        const answer = expectInitiate(
          await callSigner(io, { op: 'initiate', provider, file, ...(file.key === undefined ? {} : { key: file.key }), ...(first > 0 ? { parts } : {}) }),
        );
        if (first > 0) io.granted?.(grantsOf(answer.parts ?? []));
        const signerSession = issuedSession('initiate', answer);
        return { provider, key: answer.key, uploadId: answer.uploadId, partSize, ...(signerSession === undefined ? {} : { signerSession }) };
      } catch (error) {
        throw relayed(error);
      }
    },

    ...(config.singlePut === false
      ? {}
      : {
          putWhole: presignedPut({ provider, status: config.partStatus, etagIsMd5: config.etagIsMd5, relayed, storageError }),
          // One PutObject takes at most 5 GB at S3, OSS and QingStor alike.
          putWholeMax: 5 * 1000 * 1000 * 1000,
        }),

    async uploaded(session: Session, io: Io): Promise<readonly PartRecord[] | null> {
      try {
        const answer = expectList(await callSigner(io, { op: 'list', provider, key: session.key, uploadId: session.uploadId, ...sessionField(session) }));
        if (answer.parts === null) return null;
        return answer.parts.map((part) => ({ number: part.partNumber, size: part.size, etag: part.etag }));
      } catch (error) {
        throw relayed(error);
      }
    },

    async signParts(session: Session, parts: readonly PlannedPart[], io: Io): Promise<readonly PartGrant[]> {
      const wanted = parts.map((part) => ({
        partNumber: part.number,
        size: part.end - part.start,
        ...(part.digests?.md5Base64 === undefined ? {} : { contentMd5: part.digests.md5Base64 }),
      }));
      let answer;
      try {
        answer = expectParts(
          await callSigner(io, { op: 'parts', provider, key: session.key, uploadId: session.uploadId, parts: wanted, ...sessionField(session) }),
        );
      } catch (error) {
        if (lacksOperation(error)) throw new UploadError('the signer has no parts operation', { kind: 'config', code: 'parts-unsupported', cause: error });
        throw relayed(error);
      }
      return grantsOf(answer);
    },

    async sendPart(session: Session, part: PlannedPart, body: Blob, io: Io): Promise<PartRecord> {
      const md5Base64 = part.digests?.md5Base64;
      const md5Hex = part.digests?.md5Hex;
      let signed: PartGrant | PartResponse | undefined = part.grant;
      try {
        signed ??= expectPart(
          await callSigner(io, {
            op: 'part',
            provider,
            key: session.key,
            uploadId: session.uploadId,
            partNumber: part.number,
            size: body.size,
            ...sessionField(session),
            ...(md5Base64 === undefined ? {} : { contentMd5: md5Base64 }),
          }),
        );
      } catch (error) {
        throw relayed(error);
      }
      const response = await io.transport.request({
        method: 'PUT',
        url: signed.url,
        headers: { ...signed.headers, ...(md5Base64 === undefined ? {} : { 'Content-MD5': md5Base64 }) },
        body,
        signal: io.signal,
        timeoutMs: io.timeouts.requestMs,
        stallMs: io.timeouts.stallMs,
        ...(io.onProgress === undefined ? {} : { onUploadProgress: io.onProgress }),
      });
      if (response.status !== config.partStatus) throw storageError(response, `part ${part.number}`, signed.url);
      const etag = response.header('ETag');
      if (etag === null || etag === '') {
        if (config.etagRequired) {
          throw new UploadError(
            `part ${part.number} was stored but its ETag header is hidden from the page by CORS; ${config.exposeEtagHint}`,
            { kind: 'config', code: 'etag-not-exposed', status: response.status, method: 'PUT', url: signed.url },
          );
        }
      } else if (config.etagIsMd5 && md5Hex !== undefined && normalEtag(etag) !== md5Hex) {
        throw new UploadError(`part ${part.number} was stored with a different MD5 than was sent; sending it again`, {
          kind: 'integrity',
          code: 'etag-mismatch',
          method: 'PUT',
          url: signed.url,
        });
      }
      return {
        number: part.number,
        size: body.size,
        ...(etag === null || etag === '' ? {} : { etag }),
        ...(md5Hex === undefined ? {} : { md5: md5Hex }),
      };
    },

    async complete(session: Session, parts: readonly PartRecord[], io: Io): Promise<UploadResult> {
      try {
        const response = expectComplete(
          await callSigner(io, {
            op: 'complete',
            provider,
            key: session.key,
            uploadId: session.uploadId,
            parts: parts.map((part) => ({ partNumber: part.number, etag: part.etag ?? '' })),
            ...sessionField(session),
            ...(io.fileMd5 === undefined ? {} : { fileMd5: io.fileMd5 }),
          }),
        );
        const size = parts.reduce((sum, part) => sum + part.size, 0);
        return { provider, key: response.key, size, response };
      } catch (error) {
        throw relayed(error);
      }
    },

    async abort(session: Session, io: Io): Promise<void> {
      try {
        await callSigner(io, { op: 'abort', provider, key: session.key, uploadId: session.uploadId, ...sessionField(session) });
      } catch (error) {
        const mapped = relayed(error);
        if (mapped instanceof UploadError && mapped.kind === 'session-gone') return;
        throw mapped;
      }
    },
  };
}

/** Grants for parts not asked for are ignored by the engine, which matches them by number. */
function grantsOf(answer: PartsResponse['parts']): PartGrant[] {
  return answer.map(({ partNumber, ...signed }) => ({ number: partNumber, ...signed }));
}

function normalEtag(etag: string): string {
  return etag.replace(/"/g, '').trim().toLowerCase();
}
