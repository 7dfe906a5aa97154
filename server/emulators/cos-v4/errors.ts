import type { ServerResponse } from 'node:http';

/**
 * COS v4 answers every operation with `{code, message, data}`; errors carry a negative code and
 * an HTTP error status (protocols.md 4, 4.3). Codes and statuses come from the table in 4.3;
 * where the table gives no status (-96, -29094) or the docs name no code (an unknown session,
 * a malformed field, a second slice in flight in serial mode), the choice is ours and says so.
 */
export interface CosError {
  readonly status: number;
  readonly code: number;
  readonly message: string;
}

export function sendCos(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    Server: 'tencent-cos',
  });
  res.end(text);
}

export function sendCosError(res: ServerResponse, error: CosError): void {
  sendCos(res, error.status, { code: error.code, message: error.message, data: {} });
}

export function sendCosData(res: ServerResponse, data: Readonly<Record<string, unknown>>): void {
  sendCos(res, 200, { code: 0, message: 'SUCCESS', data });
}

/** A malformed request. Code -1 and status 400 are ours: the docs list no code for these. */
export function badParam(message: string): CosError {
  return { status: 400, code: -1, message };
}

export const COS_ERRORS = {
  sameShaUnfinished: { status: 409, code: -4019, message: 'an upload of a file with the same sha is unfinished; list its slices and continue' },
  otherShaUnfinished: { status: 409, code: -4020, message: 'an unfinished upload of a different file (another sha) holds this path' },
  shaMismatch: { status: 409, code: -4016, message: 'sha check failed' },
  exists: { status: 409, code: -177, message: 'the file already exists' },
  filesizeMismatch: { status: 400, code: -175, message: 'filesize differs from the one given at upload_slice_init' },
  badSliceSize: { status: 400, code: -284, message: 'invalid slice_size; use 1048576 (1 MB)' },
  badUploadparts: { status: 400, code: -5965, message: 'uploadparts is not valid' },
  // -29094: HTTP status not documented; 400 is ours.
  shaMissing: { status: 400, code: -29094, message: 'sha is required at finish because upload_slice_init had one' },
  // -96: HTTP status not documented; 403 like the other signature codes is ours.
  expired: { status: 403, code: -96, message: 'the signature has expired' },
  badSignature: { status: 403, code: -97, message: 'the signature is wrong' },
  outOfWindow: { status: 403, code: -59, message: 'the signature is outside its time window' },
  bucketMismatch: { status: 403, code: -61, message: 'the bucket in the signature does not match the request' },
  fileIdMismatch: { status: 403, code: -63, message: 'the file id in the signature does not match the request' },
  appidMismatch: { status: 403, code: -70, message: 'the appid in the signature does not match the request' },
  noBucket: { status: 404, code: -133, message: 'the bucket does not exist' },
  noFile: { status: 404, code: -197, message: 'the file or its parent directory does not exist' },
  // No documented code for an unknown session; 404 with -197 ("does not exist") is ours.
  noSession: { status: 404, code: -197, message: 'the upload session does not exist (finished, replaced or never started)' },
  // serial_upload: the docs say "send one slice at a time" but name no refusal code; ours.
  serialBusy: { status: 409, code: -1, message: 'serial_upload session: another slice of this session is still being sent' },
  backend: { status: 500, code: -195, message: 'backend storage error' },
} as const satisfies Record<string, CosError>;
