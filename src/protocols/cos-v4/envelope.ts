import { classifyStatus, parseRetryAfter } from '../../transport/classify.js';
import type { HttpResponse } from '../../transport/transport.js';
import { UploadError, type ErrorKind } from '../../transport/upload-error.js';
import { isJsonObject, type JsonObject } from '../../contracts/json.js';

/** The four operations of the slice API (protocols.md 4.1). */
export type CosOp = 'upload_slice_init' | 'upload_slice_list' | 'upload_slice_data' | 'upload_slice_finish';

/** Every answer is `{code, message, data}`; 0 is success (protocols.md 4). */
export interface CosEnvelope {
  readonly code: number;
  readonly message: string;
  readonly data: JsonObject;
}

export function parseEnvelope(body: string): CosEnvelope | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isJsonObject(parsed) || typeof parsed.code !== 'number') return undefined;
  return {
    code: parsed.code,
    message: typeof parsed.message === 'string' ? parsed.message : '',
    data: isJsonObject(parsed.data) ? parsed.data : {},
  };
}

interface CodeRule {
  readonly kind: ErrorKind | ((op: CosOp) => ErrorKind);
  /** What to do, after the semicolon of the message. */
  readonly advice: string;
}

/** protocols.md 4.3, code by code. Codes needing the flow's context (-4019) are handled by the adapter. */
export const COS_CODE_RULES: Readonly<Record<number, CodeRule>> = {
  [-4019]: { kind: 'conflict', advice: 'an upload of the same file is unfinished; it is resumed from the server list' },
  [-4020]: {
    kind: 'conflict',
    advice: 'another file is being uploaded to this key and its upload is unfinished; upload under another key, or wait until the unfinished upload expires',
  },
  [-4016]: {
    kind: (op) => (op === 'upload_slice_init' ? 'client' : 'integrity'),
    advice: 'the bytes stored do not match the file SHA-1; the slices are sent again',
  },
  [-177]: { kind: 'conflict', advice: 'a file already exists at this key; upload under another key, or allow overwriting (insertOnly=0)' },
  [-175]: { kind: 'client', advice: 'finish named another file size than init (a bug); start the upload again' },
  [-284]: { kind: 'client', advice: 'the requested slice size is not allowed; request 1048576 (1 MB)' },
  [-5965]: { kind: 'client', advice: 'uploadparts was refused as invalid (a bug); start the upload again' },
  [-29094]: { kind: 'client', advice: 'finish lacked the sha given at init (a bug); start the upload again' },
  [-96]: { kind: 'expired-credential', advice: 'the signature expired; asking the signer for a new one' },
  [-97]: { kind: 'auth', advice: 'the signature was refused; check the SecretId/SecretKey and appid your signer uses' },
  [-48]: { kind: 'auth', advice: 'the signature was refused; check the SecretId/SecretKey and appid your signer uses' },
  [-59]: { kind: 'auth', advice: "the signature is outside its time window; check the signer's clock" },
  [-61]: { kind: 'config', advice: 'the signature names another bucket than the URL; fix the signer configuration' },
  [-63]: { kind: 'config', advice: 'the signature is bound to another file than the URL; fix the signer configuration' },
  [-70]: { kind: 'config', advice: 'the signature names another appid than the URL; fix the signer configuration' },
  [-121]: { kind: 'config', advice: "the bucket's CORS rule does not allow this page; add its origin and POST to the bucket CORS rule" },
  [-133]: { kind: 'config', advice: 'the bucket does not exist; check the bucket and region your signer uses' },
  [-197]: {
    kind: (op) => (op === 'upload_slice_init' ? 'config' : 'session-gone'),
    advice: 'the file or its directory does not exist; COS v4 needs the target directory to exist, or the upload session is gone',
  },
  [-71]: { kind: 'throttled', advice: 'the service asked to slow down; retrying with back-off' },
  [-196]: { kind: 'throttled', advice: 'the service is temporarily unavailable; retrying with back-off' },
  [-5997]: { kind: 'throttled', advice: 'the service is temporarily unavailable; retrying with back-off' },
  [-195]: { kind: 'server', advice: 'the storage backend failed; retrying' },
};

/** The UploadError for a failed answer, with the provider's code and a message saying what to do. */
export function cosFailure(op: CosOp, response: HttpResponse, url: string): UploadError {
  const envelope = parseEnvelope(response.body);
  const rule = envelope === undefined ? undefined : COS_CODE_RULES[envelope.code];
  let kind: ErrorKind;
  if (rule !== undefined) kind = typeof rule.kind === 'function' ? rule.kind(op) : rule.kind;
  else if (response.status === 404 && (op === 'upload_slice_data' || op === 'upload_slice_finish')) kind = 'session-gone';
  else if (response.status === 200) kind = envelope === undefined ? 'protocol' : 'server';
  else kind = classifyStatus(response.status);
  const said = envelope === undefined ? '' : ` ${envelope.code}${envelope.message === '' ? '' : ` (${envelope.message})`}`;
  const advice = rule?.advice ?? (envelope === undefined ? 'the answer is not the COS JSON envelope' : 'see the code in the COS v4 error table');
  return new UploadError(`${op} failed with HTTP ${response.status}${said}; ${advice}`, {
    kind,
    status: response.status,
    ...(envelope === undefined ? {} : { code: String(envelope.code) }),
    method: 'POST',
    url,
    retryAfterMs: parseRetryAfter(response.header('Retry-After')),
  });
}
