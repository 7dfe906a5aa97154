import { UploadError } from '../../transport/upload-error.js';
import type { Io, Session } from '../../contracts/protocol.js';
import type { SessionBound, SessionIssued, SignerSession, SignRequest } from '../../contracts/signer.js';
import type { InitiateResponse, ListResponse, ListedPart, PartResponse, PartsResponse, PutResponse } from './presigned-ops.js';
import { isJsonObject, type JsonObject } from '../../contracts/json.js';

/**
 * Calls the signer and keeps its failures typed: an UploadError passes through, anything else a
 * custom signer throws becomes a terminal `client` error that names the operation.
 */
export async function callSigner<R extends SignRequest>(io: Io, request: R): Promise<unknown> {
  try {
    return await io.sign(request, { signal: io.signal });
  } catch (thrown) {
    if (thrown instanceof UploadError) throw thrown;
    if (io.signal.aborted) throw new UploadError('stopped', { kind: 'aborted', cause: thrown });
    const text = thrown instanceof Error ? thrown.message : String(thrown);
    throw new UploadError(`the signer failed on ${request.op}: ${text}`, { kind: 'client', cause: thrown });
  }
}

function malformed(op: string, what: string): UploadError {
  return new UploadError(`the signer's answer to ${op} is malformed: ${what}`, { kind: 'protocol', code: 'bad-signer-answer' });
}

function object(op: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(op, 'not a JSON object');
  return value as Record<string, unknown>;
}

function text(op: string, record: Record<string, unknown>, field: string): string {
  const value = record[field];
  if (typeof value !== 'string' || value === '') throw malformed(op, `${field} must be a non-empty string`);
  return value;
}

/** The session token an answer issued, checked: a token without a numeric expiry is malformed. */
export function issuedSession(op: string, value: SessionIssued | Record<string, unknown>): SignerSession | undefined {
  const { session, sessionExpiresAt } = value as Record<string, unknown>;
  if (session === undefined) return undefined;
  if (typeof session !== 'string' || session === '') throw malformed(op, 'session must be a non-empty string');
  if (typeof sessionExpiresAt !== 'number' || !Number.isFinite(sessionExpiresAt)) throw malformed(op, 'sessionExpiresAt must be Unix milliseconds');
  return { token: session, expiresAt: sessionExpiresAt };
}

/** The `session` field for a request of an upload whose backend issued a session token. */
export function sessionField(session: Pick<Session, 'signerSession'> | SignerSession | undefined): SessionBound {
  const token = session === undefined ? undefined : 'token' in session ? session.token : session.signerSession?.token;
  return token === undefined ? {} : { session: token };
}

export function expectInitiate(value: unknown): InitiateResponse {
  const record = object('initiate', value);
  const issued = issuedSession('initiate', record);
  return {
    uploadId: text('initiate', record, 'uploadId'),
    key: text('initiate', record, 'key'),
    ...(record.parts === undefined ? {} : { parts: expectParts(record) }),
    ...(issued === undefined ? {} : { session: issued.token, sessionExpiresAt: issued.expiresAt }),
  };
}

/** A `put` answer: a part's URL and headers, and the key the object is stored at. */
export function expectPut(value: unknown): PutResponse {
  const record = object('put', value);
  const location = record.location;
  if (location !== undefined && typeof location !== 'string') throw malformed('put', 'location must be a string');
  return { ...expectPart(value, 'put'), key: text('put', record, 'key'), ...(location === undefined ? {} : { location }) };
}

export function expectPart(value: unknown, op = 'part'): PartResponse {
  const record = object(op, value);
  const url = text(op, record, 'url');
  if (!/^https?:\/\//i.test(url)) throw malformed(op, 'url must be an absolute http(s) URL');
  const headers = record.headers;
  if (headers !== undefined) {
    const ok =
      typeof headers === 'object' &&
      headers !== null &&
      Object.values(headers as Record<string, unknown>).every((v) => typeof v === 'string');
    if (!ok) throw malformed(op, 'headers must map names to strings');
  }
  const expiresAt = record.expiresAt;
  if (expiresAt !== undefined && typeof expiresAt !== 'number') throw malformed(op, 'expiresAt must be a number');
  return {
    url,
    ...(headers === undefined ? {} : { headers: headers as Record<string, string> }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

/** A `parts` answer: one part answer, with its number, per part signed. */
export function expectParts(value: unknown): PartsResponse['parts'] {
  const parts = object('parts', value).parts;
  if (!Array.isArray(parts)) throw malformed('parts', 'parts must be an array');
  return parts.map((item: unknown) => {
    const partNumber = object('parts', item).partNumber;
    if (typeof partNumber !== 'number' || !Number.isInteger(partNumber)) throw malformed('parts', 'partNumber must be an integer');
    return { ...expectPart(item, 'parts'), partNumber };
  });
}

export function expectList(value: unknown): ListResponse {
  const record = object('list', value);
  if (record.parts === null) return { parts: null };
  if (!Array.isArray(record.parts)) throw malformed('list', 'parts must be an array or null');
  const parts: ListedPart[] = record.parts.map((item: unknown) => {
    const part = object('list', item);
    const { partNumber, size, etag } = part;
    if (typeof partNumber !== 'number' || !Number.isInteger(partNumber)) throw malformed('list', 'partNumber must be an integer');
    if (typeof size !== 'number' || size < 0) throw malformed('list', 'size must be a number');
    return { partNumber, size, etag: typeof etag === 'string' ? etag : '' };
  });
  return { parts };
}

/** The answer as the upload's result keeps it: any JSON object with the key it was stored at. */
export function expectComplete(value: unknown): JsonObject & { readonly key: string } {
  if (!isJsonObject(value)) throw malformed('complete', 'not a JSON object');
  const key = value.key;
  if (typeof key !== 'string' || key === '') throw malformed('complete', 'key must be a non-empty string');
  return { ...value, key };
}

/**
 * A backend that predates an operation (`put`, `parts`): a JSON API answers 404 or 405; a page's
 * own signer throws (its `default:` case) or answers something else. Falling back costs one
 * signer call; a real failure shows again at the next one. Refusals (401, 403, 413, 415, 429)
 * are not this.
 */
export function lacksOperation(error: unknown): boolean {
  if (!(error instanceof UploadError)) return false;
  if (error.status === 404 || error.status === 405) return true;
  return error.status === undefined && (error.code === 'bad-signer-answer' || error.kind === 'client');
}
