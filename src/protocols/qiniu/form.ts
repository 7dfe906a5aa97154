import { retryAfterOf } from '../../transport/classify.js';
import { UploadError } from '../../transport/upload-error.js';
import { isJsonObject, type JsonObject } from '../../contracts/json.js';
import type { Io, PartRecord, PlannedPart, Session } from '../../contracts/protocol.js';
import type { UploadHosts } from './hosts.js';
import { QETAG_BLOCK_SIZE, qetagFromBlockSha1s } from './qetag.js';
import { parseJsonObject, qiniuError } from './wire.js';

/**
 * Qiniu's form upload (protocols.md 1.8): `POST /` with the token, key, `x:` variables, metadata,
 * the CRC-32 of the bytes and the file, in one request. Two callers: `putWhole` (the signer's
 * `put`, no session) and, for a backend without `put`, the one block of a session (`sendForm`),
 * whose answer travels in the part record so that `complete` returns it without another request.
 */

export const CALLBACK_FAILED = 'the file is stored, but the upload callback to your server failed (579); check the callbackUrl server';

/** What one form upload sends besides the file. */
export interface FormFields {
  readonly token: string;
  /** Empty: no `key` field (the token's scope or saveKey decides). */
  readonly key: string;
  /** `x:<name>` custom variables and `x-qn-meta-<name>` metadata. */
  readonly fields: readonly (readonly [string, string])[];
  readonly mimeType: string;
  readonly fname: string;
}

/** The digests a form upload sends (crc32, which the service checks: 406) and checks (the qetag). */
export interface FormDigests {
  readonly crc32: number;
  readonly qetag: string;
}

export interface FormAnswer {
  /** 200, or 579: stored, but the callback to the app's server failed. */
  readonly status: number;
  readonly response: JsonObject;
}

/**
 * The bytes `start`..`end` of the file: one worker pass when they fit in one qetag block (its
 * SHA-1 is the qetag), else the CRC-32 and the whole file's qetag side by side.
 */
export async function formDigests(io: Io, start: number, end: number): Promise<FormDigests> {
  const oneBlock = end - start <= QETAG_BLOCK_SIZE;
  const [range, file] = await Promise.all([
    io.hasher.range(start, end, oneBlock ? ['crc32', 'sha1'] : ['crc32'], io.signal),
    oneBlock ? undefined : io.hasher.file({ qetag: true }, io.signal),
  ]);
  const qetag = oneBlock ? (range.sha1Hex === undefined ? undefined : qetagFromBlockSha1s([range.sha1Hex])) : file?.qetag;
  if (range.crc32 === undefined || qetag === undefined) throw new UploadError('the hash worker gave no form upload digests', { kind: 'client', code: 'hash-worker' });
  return { crc32: range.crc32, qetag };
}

function badAnswer(what: string, url: string): UploadError {
  return new UploadError(`the upload host's answer to the form upload ${what}; the file may not be stored, sending it again`, {
    kind: 'protocol',
    code: 'bad-answer',
    method: 'POST',
    url,
  });
}

/** One form upload to `host`; a failure is a typed UploadError (an unreadable answer included). */
export async function postForm(host: string, form: FormFields, body: Blob, digests: FormDigests | undefined, io: Io, hosts: UploadHosts): Promise<FormAnswer> {
  const data = new FormData();
  data.append('token', form.token);
  if (form.key !== '') data.append('key', form.key);
  for (const [name, value] of form.fields) data.append(name, value);
  if (digests !== undefined) data.append('crc32', String(digests.crc32));
  // The file last, as the docs ask; its part's type and name become mimeType and fname.
  data.append('file', new Blob([body], { type: form.mimeType }), form.fname);
  const url = `${host}/`;
  let response;
  try {
    response = await io.transport.request({
      method: 'POST',
      url,
      body: data,
      signal: io.signal,
      timeoutMs: io.timeouts.requestMs,
      stallMs: io.timeouts.stallMs,
      ...(io.onProgress === undefined ? {} : { onUploadProgress: (sent: number) => io.onProgress?.(Math.min(sent, body.size)) }),
    });
  } catch (error) {
    if (error instanceof UploadError && (error.kind === 'network' || error.kind === 'timeout')) hosts.failed(host);
    throw error;
  }
  if (response.status !== 200 && response.status !== 579) {
    if (response.status >= 500) hosts.failed(host);
    throw qiniuError('form upload', response.status, response.body, url, retryAfterOf(response));
  }
  // A 200 is a rendered returnBody or the callback server's answer, both JSON (protocols.md 1.2).
  const answer = parseJsonObject(response.body);
  if (answer === undefined && response.status === 200) throw badAnswer('is not a JSON object', url);
  if (answer?.hash !== undefined && typeof answer.hash !== 'string') throw badAnswer('has a hash that is not a string', url);
  if (typeof answer?.error === 'string' && answer.hash === undefined) throw badAnswer(`is an error (${answer.error})`, url);
  if (digests !== undefined && typeof answer?.hash === 'string' && answer.hash !== digests.qetag) {
    throw new UploadError(`the stored file's qetag ${answer.hash} differs from the local file's; sending it again`, {
      kind: 'integrity',
      code: 'qetag-mismatch',
      method: 'POST',
      url,
    });
  }
  return { status: response.status, response: (answer ?? {}) as JsonObject };
}

export interface FormDeps {
  readonly hosts: UploadHosts;
  token(): Promise<string>;
  dropToken(token: string): Promise<void>;
}

/** The answer a form upload stored, kept in its part record for `complete`. */
export interface FormRecordExtra {
  readonly form: true;
  readonly status: number;
  readonly response: JsonObject;
}

export function formRecordExtra(record: PartRecord | undefined): FormRecordExtra | undefined {
  const extra = record?.extra;
  if (extra?.form !== true || typeof extra.status !== 'number' || !isJsonObject(extra.response)) return undefined;
  return { form: true, status: extra.status, response: extra.response };
}

function stringFields(value: unknown): [string, string][] {
  return isJsonObject(value) ? Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string') : [];
}

/** The one block of a session as a form upload (a backend without `put`). */
export async function sendForm(session: Session, part: PlannedPart, body: Blob, io: Io, deps: FormDeps): Promise<PartRecord> {
  const host = deps.hosts.require();
  const extra = session.extra ?? {};
  const digests = io.integrity ? await formDigests(io, part.start, part.end) : undefined;
  const token = await deps.token();
  const form: FormFields = {
    token,
    key: session.key,
    fields: [...stringFields(extra.customVars), ...stringFields(extra.metadata)],
    mimeType: typeof extra.mimeType === 'string' ? extra.mimeType : 'application/octet-stream',
    fname: typeof extra.fname === 'string' ? extra.fname : 'file',
  };
  let answer: FormAnswer;
  try {
    answer = await postForm(host, form, body, digests, io, deps.hosts);
  } catch (error) {
    if (error instanceof UploadError && error.kind === 'expired-credential') await deps.dropToken(token);
    throw error;
  }
  const record: FormRecordExtra = { form: true, ...answer };
  return { number: part.number, size: part.end - part.start, extra: { ...record } };
}
