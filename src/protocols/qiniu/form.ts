import { retryAfterOf } from '../../transport/classify.js';
import { UploadError } from '../../transport/upload-error.js';
import { isJsonObject, type JsonObject } from '../../contracts/json.js';
import type { Io, PartRecord, PlannedPart, Session } from '../../contracts/protocol.js';
import type { UploadHosts } from './hosts.js';
import { qetagFromBlockSha1s } from './qetag.js';
import { errorText, isExpiredToken, parseJsonObject, qiniuError } from './wire.js';

/**
 * A file that fits in one block goes up as one form upload (protocols.md 1.8): `POST /` with
 * the token, key, `x:` variables, metadata, the CRC-32 of the bytes and the file, instead of
 * mkblk + mkfile. The answer (what mkfile would have answered) travels in the part record, and
 * `complete` returns it without another request.
 */

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

export async function sendForm(session: Session, part: PlannedPart, body: Blob, io: Io, deps: FormDeps): Promise<PartRecord> {
  const host = deps.hosts.pick();
  if (host === undefined) throw new UploadError('no Qiniu upload host is configured', { kind: 'config', code: 'no-upload-host' });
  const extra = session.extra ?? {};
  // One pass of the hash worker: the CRC-32 the service checks (406) and the SHA-1 of the qetag.
  const digests = io.integrity ? await io.hasher.range(part.start, part.end, ['crc32', 'sha1'], io.signal) : undefined;
  const token = await deps.token();
  const form = new FormData();
  form.append('token', token);
  if (session.key !== '') form.append('key', session.key);
  for (const [name, value] of [...stringFields(extra.customVars), ...stringFields(extra.metadata)]) form.append(name, value);
  if (digests?.crc32 !== undefined) form.append('crc32', String(digests.crc32));
  const mimeType = typeof extra.mimeType === 'string' ? extra.mimeType : 'application/octet-stream';
  // The file last, as the docs ask; its part's type and name become mimeType and fname.
  form.append('file', new Blob([body], { type: mimeType }), typeof extra.fname === 'string' ? extra.fname : 'file');
  const url = `${host}/`;
  let response;
  try {
    response = await io.transport.request({
      method: 'POST',
      url,
      body: form,
      signal: io.signal,
      timeoutMs: io.timeouts.requestMs,
      stallMs: io.timeouts.stallMs,
      ...(io.onProgress === undefined ? {} : { onUploadProgress: (sent: number) => io.onProgress?.(Math.min(sent, body.size)) }),
    });
  } catch (error) {
    if (error instanceof UploadError && (error.kind === 'network' || error.kind === 'timeout')) deps.hosts.failed(host);
    throw error;
  }
  if (response.status !== 200 && response.status !== 579) {
    if (isExpiredToken(response.status, errorText(response.body))) await deps.dropToken(token);
    if (response.status >= 500 && response.status !== 579) deps.hosts.failed(host);
    throw qiniuError('form upload', response.status, response.body, url, retryAfterOf(response));
  }
  const answer = (parseJsonObject(response.body) ?? {}) as JsonObject;
  if (digests?.sha1Hex !== undefined && typeof answer.hash === 'string' && answer.hash !== qetagFromBlockSha1s([digests.sha1Hex])) {
    throw new UploadError(`the stored file's qetag ${answer.hash} differs from the local file's; sending it again`, {
      kind: 'integrity',
      code: 'qetag-mismatch',
      method: 'POST',
      url,
    });
  }
  const record: FormRecordExtra = { form: true, status: response.status, response: answer };
  return { number: part.number, size: part.end - part.start, extra: { ...record } };
}
