/**
 * A target written outside src/, as a package user would: only the package's public exports
 * (README "Writing a target"). A minimal PUT-per-part service (test/outside-server/put-server.ts):
 * the backend opens an upload and hands out a bearer token that serves every part; the browser
 * PUTs parts with Content-MD5, lists them to resume, and completes.
 */
import {
  classifyStatus,
  UploadError,
  type FileInfo,
  type HttpResponse,
  type Io,
  type Operation,
  type PartRecord,
  type PlannedPart,
  type Protocol,
  type Session,
  type SignRequestOf,
  type Target,
  type UploadResult,
} from '../../src/index.js';

export type PutOperations = {
  readonly start: Operation<{ readonly file: FileInfo; readonly key?: string }, { readonly uploadId: string; readonly key: string; readonly url: string }>;
  readonly token: Operation<{ readonly key: string; readonly uploadId: string }, { readonly token: string; readonly expiresAt: number }>;
};

const NAME = 'put-demo';

/** Asks the backend: a request typed by this target's operations, checked before it is sent. */
function ask(io: Io, request: SignRequestOf<PutOperations, typeof NAME>): Promise<unknown> {
  return io.sign(request, { signal: io.signal });
}
const MiB = 1024 * 1024;

function answerOf(op: string, value: unknown, fields: readonly string[]): Record<string, unknown> {
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  for (const field of fields) {
    if (record[field] === undefined) throw new UploadError(`the signer's ${op} answer has no ${field}`, { kind: 'protocol', code: 'bad-signer-answer' });
  }
  return record;
}

/** A failed answer as a typed error: an expired token is signed again without spending a retry. */
function failure(response: HttpResponse, what: string): UploadError {
  let code: string | undefined;
  try {
    code = (JSON.parse(response.body) as { code?: string }).code;
  } catch {
    code = undefined;
  }
  const kind =
    code === 'TokenExpired' ? 'expired-credential' : code === 'NoSuchUpload' ? 'session-gone' : code === 'BadDigest' ? 'integrity' : classifyStatus(response.status);
  return new UploadError(`${what} answered ${response.status} ${code ?? ''}`.trim(), { kind, status: response.status, ...(code === undefined ? {} : { code }) });
}

function uploadUrl(session: Session): string {
  const url = session.extra?.url;
  if (typeof url !== 'string') throw new UploadError('the session has no upload URL', { kind: 'session-gone' });
  return url;
}

/** The upload's one bearer token, from the engine's credential store (never in the Session). */
async function bearer(session: Session, io: Io): Promise<{ readonly token: string; readonly expiresAt: number }> {
  return io.credentials.get('token', async () => {
    const answer = answerOf('token', await ask(io, { op: 'token', provider: NAME, key: session.key, uploadId: session.uploadId }), ['token', 'expiresAt']);
    return { token: String(answer.token), expiresAt: Number(answer.expiresAt) };
  });
}

async function send(session: Session, io: Io, request: (token: string) => Parameters<Io['transport']['request']>[0], what: string): Promise<HttpResponse> {
  const credential = await bearer(session, io);
  const response = await io.transport.request(request(credential.token));
  if (response.status === 200) return response;
  const error = failure(response, what);
  if (error.kind === 'expired-credential') io.credentials.drop('token', credential);
  throw error;
}

function createPutProtocol(): Protocol {
  const limits = { minPartSize: 64 * 1024, maxPartSize: 64 * MiB, maxParts: 10_000, firstPartNumber: 1, emptyFileParts: 1 } as const;
  const timing = (io: Io) => ({ signal: io.signal, timeoutMs: io.timeouts.requestMs });
  return {
    name: NAME,
    limits,
    partDigests: ['md5'],
    listedDigests: ['md5'],
    async begin(file, _partSize, journaled, io) {
      if (journaled !== undefined) return journaled;
      const answer = answerOf('start', await ask(io, { op: 'start', provider: NAME, file, ...(file.key === undefined ? {} : { key: file.key }) }), ['uploadId', 'key', 'url']);
      return { provider: NAME, key: String(answer.key), uploadId: String(answer.uploadId), partSize: _partSize, extra: { url: String(answer.url) } };
    },
    async uploaded(session, io) {
      const response = await send(session, io, (token) => ({ method: 'GET', url: `${uploadUrl(session)}/parts`, headers: { Authorization: `Bearer ${token}` }, ...timing(io) }), 'list').catch((error: unknown) => {
        if (error instanceof UploadError && error.kind === 'session-gone') return undefined;
        throw error;
      });
      if (response === undefined) return null;
      const { parts } = JSON.parse(response.body) as { parts: { number: number; size: number; md5: string }[] };
      return parts.map((part) => ({ number: part.number, size: part.size, etag: part.md5, md5: part.md5 }));
    },
    verifyListed: (listed, local) => listed.md5 !== undefined && listed.md5 === local.md5Hex,
    async sendPart(session: Session, part: PlannedPart, body: Blob, io: Io): Promise<PartRecord> {
      const md5 = part.digests?.md5Base64 ?? (await io.hasher.range(part.start, part.end, ['md5'], io.signal)).md5Base64 ?? '';
      const progress = io.onProgress;
      const response = await send(
        session,
        io,
        (token) => ({
          method: 'PUT',
          url: `${uploadUrl(session)}/parts/${part.number}`,
          headers: { Authorization: `Bearer ${token}`, 'Content-MD5': md5 },
          body,
          stallMs: io.timeouts.stallMs,
          ...(progress === undefined ? {} : { onUploadProgress: progress }),
          ...timing(io),
        }),
        `part ${part.number}`,
      );
      const stored = (JSON.parse(response.body) as { md5?: string }).md5;
      return { number: part.number, size: body.size, ...(stored === undefined ? {} : { etag: stored, md5: stored }) };
    },
    async complete(session: Session, parts: readonly PartRecord[], io: Io): Promise<UploadResult> {
      const numbers = [...parts].sort((a, b) => a.number - b.number).map((part) => part.number);
      const response = await send(
        session,
        io,
        (token) => ({ method: 'POST', url: `${uploadUrl(session)}/complete`, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ parts: numbers }), ...timing(io) }),
        'complete',
      );
      const answer = JSON.parse(response.body) as { key: string; size: number };
      return { provider: NAME, key: answer.key, size: answer.size, response: answer };
    },
  };
}

/** The outside target's definition: what the engine and the element need, and nothing else. */
export function putDemo(): Target<'put-demo', PutOperations> {
  const protocol = createPutProtocol();
  return {
    name: NAME,
    limits: { ...protocol.limits, maxObjectSize: 10_000 * 64 * MiB },
    protocol: () => createPutProtocol(),
    demo: { label: 'PUT per part (test)', partOps: ['PutPart'] },
  };
}
