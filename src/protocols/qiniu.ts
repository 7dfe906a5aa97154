import { retryAfterOf } from '../transport/classify.js';
import { UploadError } from '../transport/upload-error.js';
import { isJsonObject, type JsonObject } from '../contracts/json.js';
import type { TargetLimits } from '../contracts/target.js';
import type { Io, PartRecord, PlannedPart, Protocol, Session, UploadResult } from '../contracts/protocol.js';
import type { FileInfo } from '../contracts/signer.js';
import { sendBlock, type BlockDeps } from './qiniu/block.js';
import { CALLBACK_FAILED, formRecordExtra, sendForm } from './qiniu/form.js';
import { formPutOf } from './qiniu/form-put.js';
import { fileFields, type PerFile } from './qiniu/fields.js';
import { UploadHosts } from './qiniu/hosts.js';
import { isBlockRecordUsable, recordExtra } from './qiniu/journal.js';
import { QETAG_BLOCK_SIZE, qetagFromBlockSha1s } from './qiniu/qetag.js';
import { TokenCache } from './qiniu/tokens.js';
import { errorText, isExpiredToken, parseJsonObject, qiniuError, urlSafeBase64 } from './qiniu/wire.js';
import { serverNow } from '../transport/server-clock.js';

/** protocols.md 1.3: every block but the last is exactly 4 MiB ("never change"), as the qetag's. */
export const QINIU_BLOCK_SIZE = QETAG_BLOCK_SIZE;

/**
 * One engine part is one Qiniu block. No cap on the number of blocks is documented (protocols.md
 * 0); an empty file is a bare mkfile/0 with no block at all.
 */
export const QINIU_LIMITS: TargetLimits = Object.freeze({
  minPartSize: QINIU_BLOCK_SIZE,
  maxPartSize: QINIU_BLOCK_SIZE,
  maxParts: Number.MAX_SAFE_INTEGER,
  firstPartNumber: 1,
  fixedPartSize: QINIU_BLOCK_SIZE,
  emptyFileParts: 0,
  // protocols.md 1.3: no largest file is documented.
  maxObjectSize: Number.MAX_SAFE_INTEGER,
});


export type { PerFile } from './qiniu/fields.js';

export interface QiniuOptions {
  /** Upload hosts allowed to receive the token, in order of preference; the signer may add more. */
  readonly uploadHosts?: readonly string[];
  /** Bytes per request inside a 4 MiB block (default: the whole block); smaller suits poor links. */
  readonly chunkSize?: number;
  /** `x:<name>` custom variables sent with mkfile (for `$(x:name)` in returnBody). */
  readonly customVars?: PerFile;
  /** `x-qn-meta-<name>` metadata sent with mkfile. */
  readonly metadata?: PerFile;
  /** A file that fits in one block goes up as one form upload (default true); false: mkblk + mkfile. */
  readonly formUpload?: boolean;
}

function invalid(message: string): UploadError {
  return new UploadError(message, { kind: 'invalid', code: 'invalid-option' });
}

function checkedChunkSize(value: number | undefined): number {
  if (value === undefined) return QINIU_BLOCK_SIZE;
  if (!Number.isInteger(value) || value < 1024) throw invalid(`chunkSize must be a whole number of bytes, at least 1024; got ${String(value)}`);
  return Math.min(value, QINIU_BLOCK_SIZE);
}


function stringRecord(value: unknown): Record<string, string> {
  if (!isJsonObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function randomId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(12));
  return `qiniu-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The file as the signer is told about it, kept in the Session so a reload can ask again. */
function fileOf(session: Session): FileInfo {
  const file = session.extra?.file;
  if (!isJsonObject(file) || typeof file.name !== 'string' || typeof file.size !== 'number') {
    throw new UploadError('the journaled Qiniu session lacks its file details; starting again', { kind: 'session-gone' });
  }
  return {
    name: file.name,
    size: file.size,
    type: typeof file.type === 'string' ? file.type : '',
    lastModified: typeof file.lastModified === 'number' ? file.lastModified : 0,
  };
}

/**
 * Qiniu resumable upload v1 (protocols.md 1): the browser holds an UpToken from the signer and
 * speaks mkblk, bput and mkfile to the upload hosts itself. Blocks go in parallel under the
 * engine's lanes; the chunks inside one block go one after another. A file of one block goes up
 * as a single form upload instead (1.8).
 */
export function createQiniuProtocol(options: QiniuOptions = {}): Protocol {
  const chunkSize = checkedChunkSize(options.chunkSize);
  const hosts = new UploadHosts([]);
  const badHosts = hosts.allow(options.uploadHosts ?? []);
  if (badHosts.length > 0) throw invalid(`upload host ${badHosts.join(', ')} is not a host name or http(s) URL`);
  const tokens = new TokenCache();
  const live: BlockDeps['live'] = new Map();

  const trustSessionHosts = (session: Session): void => {
    const listed = session.extra?.uploadHosts;
    if (Array.isArray(listed)) hosts.allow(listed.filter((h): h is string => typeof h === 'string'));
  };

  const token = async (session: Session, io: Io): Promise<string> => {
    const answer = await tokens.get(session, fileOf(session), io);
    hosts.allow(answer.uploadHosts ?? []);
    return answer.token;
  };

  const mkfilePath = (session: Session, size: number): string => {
    const extra = session.extra ?? {};
    const segments = [`/mkfile/${size}`];
    if (session.key !== '') segments.push(`/key/${urlSafeBase64(session.key)}`);
    if (typeof extra.fname === 'string') segments.push(`/fname/${urlSafeBase64(extra.fname)}`);
    if (typeof extra.mimeType === 'string') segments.push(`/mimeType/${urlSafeBase64(extra.mimeType)}`);
    for (const [name, value] of Object.entries({ ...stringRecord(extra.customVars), ...stringRecord(extra.metadata) })) {
      segments.push(`/${name}/${urlSafeBase64(value)}`);
    }
    return segments.join('');
  };

  return {
    name: 'qiniu',
    limits: QINIU_LIMITS,
    // Note: the engine's look-ahead cannot ask for per-chunk CRC-32s, so each block is hashed in
    // sendPart, in one worker pass giving the chunks' CRC-32s and the block's SHA-1.
    partDigests: [],
    isRecordUsable: isBlockRecordUsable,
    // No server list (protocols.md 6): a journaled block is kept only while its ctx is usable and
    // its recorded SHA-1 is that of the local bytes (the file has not changed since).
    listedDigests: ['sha1'],
    // A file of one block (the engine's default threshold: the part size, fixed at the block)
    // goes up in one form upload with no session; bigger files keep blocks, which resume.
    ...(options.formUpload === false ? {} : formPutOf('qiniu', hosts, options)),
    verifyListed: (record, local) => {
      const sha1 = recordExtra(record)?.sha1;
      return sha1 !== undefined && local.sha1Hex !== undefined && sha1 === local.sha1Hex;
    },

    async begin(file: FileInfo, _partSize: number, journaled: Session | undefined, io: Io): Promise<Session> {
      if (journaled !== undefined) {
        trustSessionHosts(journaled);
        return journaled;
      }
      const { customVars, metadata } = fileFields(options, file);
      const answer = await TokenCache.ask(io, file, file.key);
      hosts.allow(answer.uploadHosts ?? []);
      hosts.require();
      const session: Session = {
        provider: 'qiniu',
        key: answer.key ?? file.key ?? '',
        uploadId: randomId(),
        partSize: QINIU_BLOCK_SIZE,
        ...(answer.session === undefined || answer.sessionExpiresAt === undefined
          ? {}
          : { signerSession: { token: answer.session, expiresAt: answer.sessionExpiresAt } }),
        extra: {
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

    sendPart(session: Session, part: PlannedPart, body: Blob, io: Io): Promise<PartRecord> {
      trustSessionHosts(session);
      if (options.formUpload !== false && fileOf(session).size <= QINIU_BLOCK_SIZE) {
        return sendForm(session, part, body, io, { hosts, token: () => token(session, io), dropToken: (expired) => tokens.drop(session.uploadId, expired) });
      }
      return sendBlock(session, part, body, io, {
        hosts,
        live,
        chunkSize,
        token: () => token(session, io),
        dropToken: (expired) => tokens.drop(session.uploadId, expired),
      });
    },

    async complete(session: Session, parts: readonly PartRecord[], io: Io): Promise<UploadResult> {
      trustSessionHosts(session);
      // A form upload stored the file already; its answer is the result (protocols.md 1.8).
      const form = parts.length === 1 ? formRecordExtra(parts[0]) : undefined;
      if (form !== undefined) {
        tokens.forget(session.uploadId);
        const key = typeof form.response.key === 'string' ? form.response.key : session.key;
        const warning = form.status === 579 ? CALLBACK_FAILED : undefined;
        return { provider: 'qiniu', key, size: parts[0]?.size ?? 0, response: form.response, ...(warning === undefined ? {} : { warning }) };
      }
      const blocks = parts.map((part) => recordExtra(part));
      if (blocks.some((block) => block === undefined)) {
        throw new UploadError('a block record has no ctx; uploading the file again', { kind: 'session-gone', code: 'no-ctx' });
      }
      const known = blocks.filter((block) => block !== undefined);
      // A ctx mkfile would refuse anyway (701) is not worth a request (protocols.md 1.3).
      if (known.some((block) => block.expiredAt !== null && block.expiredAt * 1000 <= serverNow() + 10_000)) {
        throw new UploadError('a block expired on the server before the file was assembled; uploading the file again', {
          kind: 'session-gone',
          code: '701',
        });
      }
      const host = hosts.require();
      const size = parts.reduce((sum, part) => sum + part.size, 0);
      const url = `${host}${mkfilePath(session, size)}`;
      const upToken = await token(session, io);
      let response;
      try {
        response = await io.transport.request({
          method: 'POST',
          url,
          headers: { Authorization: `UpToken ${upToken}`, 'Content-Type': 'text/plain' },
          body: known.map((block) => block.ctx).join(','),
          signal: io.signal,
          timeoutMs: io.timeouts.requestMs,
        });
      } catch (error) {
        if (error instanceof UploadError && (error.kind === 'network' || error.kind === 'timeout')) hosts.failed(host);
        throw error;
      }
      const answer = parseJsonObject(response.body);
      if (response.status === 200 || response.status === 579) {
        tokens.forget(session.uploadId);
        const body: JsonObject = (answer ?? {}) as JsonObject;
        const key = typeof body.key === 'string' ? body.key : session.key;
        const sha1s = known.map((block) => block.sha1);
        const hash = body.hash;
        if (io.integrity && typeof hash === 'string' && sha1s.every((sha1) => sha1 !== undefined)) {
          const local = qetagFromBlockSha1s(sha1s as string[]);
          if (local !== hash) {
            // Which block is wrong cannot be told, and a ctx is single-use: every block goes again
            // (new ctxs), then mkfile, which replaces the wrong file at the key.
            throw new UploadError(`the stored file's qetag ${hash} differs from the local file's ${local}; sending every block again`, {
              kind: 'integrity',
              code: 'qetag-mismatch',
              resend: 'all',
              method: 'POST',
              url,
            });
          }
        }
        const warning =
          response.status === 579
            ? `the file is stored, but the upload callback to your server failed (579${errorText(response.body) === undefined ? '' : `: ${errorText(response.body)}`}); check the callbackUrl server`
            : undefined;
        return { provider: 'qiniu', key, size, response: body, ...(warning === undefined ? {} : { warning }) };
      }
      if (isExpiredToken(response.status, errorText(response.body))) await tokens.drop(session.uploadId, upToken);
      if (response.status >= 500) hosts.failed(host);
      throw qiniuError('mkfile', response.status, response.body, url, retryAfterOf(response));
    },
  };
}
