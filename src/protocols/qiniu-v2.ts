import { retryAfterOf } from '../transport/classify.js';
import type { HttpMethod, HttpResponse } from '../transport/transport.js';
import { UploadError } from '../transport/upload-error.js';
import { isJsonObject, type JsonObject } from '../contracts/json.js';
import type { TargetLimits } from '../contracts/target.js';
import type { Io, PartRecord, PlannedPart, Protocol, Session, UploadResult } from '../contracts/protocol.js';
import type { FileInfo } from '../contracts/signer.js';
import { fileFields, type PerFile } from './qiniu/fields.js';
import { formPutOf } from './qiniu/form-put.js';
import { UploadHosts } from './qiniu/hosts.js';
import { TokenCache } from './qiniu/tokens.js';
import { errorText, isExpiredToken, parseJsonObject, qiniuError, urlSafeBase64 } from './qiniu/wire.js';

const MiB = 1024 * 1024;

/** protocols.md 1.4: parts 1 MiB..1 GiB (the last smaller), numbered 1..10000. */
export const QINIU_V2_LIMITS: TargetLimits = Object.freeze({
  minPartSize: MiB,
  maxPartSize: 1024 * MiB,
  maxParts: 10_000,
  firstPartNumber: 1,
  emptyFileParts: 1,
  maxObjectSize: 10_000 * 1024 * MiB,
});

export interface QiniuV2Options {
  /** Upload hosts allowed to receive the token, in order of preference; the signer may add more. */
  readonly uploadHosts?: readonly string[];
  /** `x:<name>` custom variables sent with complete. */
  readonly customVars?: PerFile;
  /** `x-qn-meta-<name>` metadata sent with complete. */
  readonly metadata?: PerFile;
}

const PROVIDER = 'qiniu-v2';

/** The bucket an UpToken's scope names (`<bucket>[:<key>]` in its policy, protocols.md 1.2). */
function bucketOf(token: string): string {
  const encoded = token.split(':')[2] ?? '';
  try {
    const policy: unknown = JSON.parse(atob(encoded.replace(/-/g, '+').replace(/_/g, '/')));
    const scope = isJsonObject(policy) && typeof policy.scope === 'string' ? policy.scope : '';
    const bucket = scope.split(':')[0] ?? '';
    if (bucket !== '') return bucket;
  } catch {
    // reported below
  }
  throw new UploadError("the signer's UpToken has no readable scope", { kind: 'protocol', code: 'bad-signer-answer' });
}

function fileOf(session: Session): FileInfo {
  const file = session.extra?.file;
  if (!isJsonObject(file) || typeof file.name !== 'string' || typeof file.size !== 'number') {
    throw new UploadError('the journaled Qiniu v2 session lacks its file details; starting again', { kind: 'session-gone' });
  }
  return { name: file.name, size: file.size, type: typeof file.type === 'string' ? file.type : '', lastModified: typeof file.lastModified === 'number' ? file.lastModified : 0 };
}

/**
 * Qiniu multipart v2 (protocols.md 1.4): the browser holds an UpToken from the signer and speaks
 * to the upload hosts itself; parts go in parallel with a hex Content-MD5, the server's part list
 * decides what a resume sends again, and complete names the parts in a JSON list.
 */
export function createQiniuV2Protocol(options: QiniuV2Options = {}): Protocol {
  const hosts = new UploadHosts([]);
  const badHosts = hosts.allow(options.uploadHosts ?? []);
  if (badHosts.length > 0) throw new UploadError(`upload host ${badHosts.join(', ')} is not a host name or http(s) URL`, { kind: 'invalid', code: 'invalid-option' });
  const tokens = new TokenCache(PROVIDER);

  const trustSessionHosts = (session: Session): void => {
    const listed = session.extra?.uploadHosts;
    if (Array.isArray(listed)) hosts.allow(listed.filter((h): h is string => typeof h === 'string'));
  };

  /** One request to the upload host, with a fresh token; a refused token is dropped. */
  const call = async (session: Session | undefined, what: string, path: string, init: { method: HttpMethod; body?: Blob | string; headers?: Record<string, string> }, io: Io, token?: string): Promise<HttpResponse> => {
    const host = hosts.require();
    const upToken = token ?? (session === undefined ? '' : (await tokens.get(session, fileOf(session), io)).token);
    const url = `${host}${path}`;
    let response: HttpResponse;
    try {
      response = await io.transport.request({
        method: init.method,
        url,
        headers: { Authorization: `UpToken ${upToken}`, ...init.headers },
        ...(init.body === undefined ? {} : { body: init.body }),
        signal: io.signal,
        timeoutMs: io.timeouts.requestMs,
        stallMs: io.timeouts.stallMs,
        ...(io.onProgress === undefined || !(init.body instanceof Blob) ? {} : { onUploadProgress: (sent: number) => io.onProgress?.(sent) }),
      });
    } catch (error) {
      if (error instanceof UploadError && (error.kind === 'network' || error.kind === 'timeout')) hosts.failed(host);
      throw error;
    }
    if (response.status === 200) return response;
    if (session !== undefined && isExpiredToken(response.status, errorText(response.body))) await tokens.drop(session.uploadId, upToken);
    if (response.status >= 500) hosts.failed(host);
    throw qiniuError(what, response.status, response.body, url, retryAfterOf(response));
  };

  const base = (session: Session): string => {
    const bucket = typeof session.extra?.bucket === 'string' ? session.extra.bucket : '';
    return `/buckets/${encodeURIComponent(bucket)}/objects/${session.key === '' ? '~' : urlSafeBase64(session.key)}/uploads`;
  };

  return {
    name: PROVIDER,
    limits: QINIU_V2_LIMITS,
    partDigests: ['md5'],
    // A file of one part (the engine's default threshold) goes up in one form upload, as in v1.
    ...formPutOf(PROVIDER, hosts, options),
    // The list's etag is not an MD5 (protocols.md 1.4). A listed part whose etag is the one the
    // journal recorded holds the bytes sent then; the journal's MD5 of those bytes must be the
    // local file's now (the reconciled record carries both).
    listedDigests: ['md5'],
    verifyListed: (record, local) => record.md5 !== undefined && local.md5Hex !== undefined && record.md5 === local.md5Hex,

    async begin(file: FileInfo, partSize: number, journaled: Session | undefined, io: Io): Promise<Session> {
      if (journaled !== undefined) {
        trustSessionHosts(journaled);
        return journaled;
      }
      const { customVars, metadata } = fileFields(options, file);
      const answer = await TokenCache.ask(io, file, file.key, undefined, PROVIDER);
      hosts.allow(answer.uploadHosts ?? []);
      const key = answer.key ?? file.key ?? '';
      const draft: Session = { provider: PROVIDER, key, uploadId: '', partSize, extra: { bucket: bucketOf(answer.token) } };
      const opened = parseJsonObject((await call(undefined, 'initiate', base(draft), { method: 'POST' }, io, answer.token)).body);
      if (opened === undefined || typeof opened.uploadId !== 'string' || !/^[A-Za-z0-9_\-=.~]+$/.test(opened.uploadId)) {
        throw new UploadError('the upload host answered initiate without a usable uploadId', { kind: 'protocol', code: 'bad-answer' });
      }
      const session: Session = {
        ...draft,
        uploadId: opened.uploadId,
        ...(answer.session === undefined || answer.sessionExpiresAt === undefined ? {} : { signerSession: { token: answer.session, expiresAt: answer.sessionExpiresAt } }),
        extra: {
          bucket: bucketOf(answer.token),
          file: { name: file.name, size: file.size, type: file.type, lastModified: file.lastModified },
          uploadHosts: answer.uploadHosts ?? [],
          fname: file.name,
          ...(file.type === '' ? {} : { mimeType: file.type }),
          customVars,
          metadata,
        },
      };
      tokens.put(session.uploadId, answer);
      return session;
    },

    async uploaded(session: Session, io: Io): Promise<readonly PartRecord[] | null> {
      trustSessionHosts(session);
      const parts: PartRecord[] = [];
      for (let marker = 0; ; ) {
        let response: HttpResponse;
        try {
          response = await call(session, 'list parts', `${base(session)}/${encodeURIComponent(session.uploadId)}?max-parts=1000&part-number-marker=${marker}`, { method: 'GET' }, io);
        } catch (error) {
          if (error instanceof UploadError && error.kind === 'session-gone') return null;
          throw error;
        }
        const page = parseJsonObject(response.body);
        const listed = Array.isArray(page?.parts) ? page.parts : [];
        for (const part of listed as unknown[]) {
          if (isJsonObject(part) && typeof part.partNumber === 'number' && typeof part.etag === 'string' && typeof part.size === 'number') {
            parts.push({ number: part.partNumber, size: part.size, etag: part.etag });
          }
        }
        const next = typeof page?.partNumberMarker === 'number' ? page.partNumberMarker : 0;
        if (next === 0 || next <= marker) return parts;
        marker = next;
      }
    },

    async sendPart(session: Session, part: PlannedPart, body: Blob, io: Io): Promise<PartRecord> {
      trustSessionHosts(session);
      const md5 = part.digests?.md5Hex;
      const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream', ...(io.integrity && md5 !== undefined ? { 'Content-MD5': md5 } : {}) };
      const response = await call(session, `part ${part.number}`, `${base(session)}/${encodeURIComponent(session.uploadId)}/${part.number}`, { method: 'PUT', body, headers }, io);
      const answer = parseJsonObject(response.body);
      if (answer === undefined || typeof answer.etag !== 'string') {
        throw new UploadError(`the upload host answered part ${part.number} without an etag`, { kind: 'protocol', code: 'bad-answer' });
      }
      // The answer's md5 is the server's view of the bytes: another value means they changed.
      if (io.integrity && md5 !== undefined && answer.md5 !== md5) {
        throw new UploadError(`part ${part.number} arrived with MD5 ${String(answer.md5)}, not ${md5}; sending it again`, { kind: 'integrity', code: 'md5-mismatch' });
      }
      return { number: part.number, size: part.end - part.start, etag: answer.etag, ...(md5 === undefined ? {} : { md5 }) };
    },

    async complete(session: Session, parts: readonly PartRecord[], io: Io): Promise<UploadResult> {
      trustSessionHosts(session);
      const extra = session.extra ?? {};
      const body = JSON.stringify({
        parts: [...parts].sort((a, b) => a.number - b.number).map((part) => ({ partNumber: part.number, etag: part.etag })),
        ...(typeof extra.fname === 'string' ? { fname: extra.fname } : {}),
        ...(typeof extra.mimeType === 'string' ? { mimeType: extra.mimeType } : {}),
        customVars: isJsonObject(extra.customVars) ? extra.customVars : {},
        metadata: isJsonObject(extra.metadata) ? extra.metadata : {},
      });
      const size = parts.reduce((sum, part) => sum + part.size, 0);
      let response: HttpResponse;
      try {
        response = await call(session, 'complete', `${base(session)}/${encodeURIComponent(session.uploadId)}`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } }, io);
      } catch (error) {
        // 579: stored, but the callback failed (protocols.md 1.2).
        if (error instanceof UploadError && error.status === 579) {
          tokens.forget(session.uploadId);
          return { provider: PROVIDER, key: session.key, size, response: {}, warning: 'the file is stored, but the upload callback to your server failed (579); check the callbackUrl server' };
        }
        throw error;
      }
      tokens.forget(session.uploadId);
      const answer: JsonObject = (parseJsonObject(response.body) ?? {}) as JsonObject;
      return { provider: PROVIDER, key: typeof answer.key === 'string' ? answer.key : session.key, size, response: answer };
    },

    async abort(session: Session, io: Io): Promise<void> {
      trustSessionHosts(session);
      try {
        await call(session, 'abort', `${base(session)}/${encodeURIComponent(session.uploadId)}`, { method: 'DELETE' }, io);
      } catch (error) {
        if (!(error instanceof UploadError && error.kind === 'session-gone')) throw error;
      } finally {
        tokens.forget(session.uploadId);
      }
    },
  };
}
