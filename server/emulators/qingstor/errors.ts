import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * QingStor errors as the service writes them (protocols.md 3, 3.1): JSON with `code`, `message`,
 * `request_id` and `url` (a link to the error documentation), the request id also in
 * `x-qs-request-id`. Codes and statuses follow the documented error table.
 */
export interface QingStorError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

const ERROR_DOC = 'https://docsv4.qingcloud.com/user_guide/storage/object_storage/api/error_code';

export function requestId(): string {
  return randomBytes(16).toString('hex');
}

export function sendQingStorError(res: ServerResponse, error: QingStorError): void {
  const id = requestId();
  const body = JSON.stringify({ code: error.code, message: error.message, request_id: id, url: `${ERROR_DOC}#${error.code}` });
  res.writeHead(error.status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    'x-qs-request-id': id,
  });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    'x-qs-request-id': requestId(),
    ...headers,
  });
  res.end(text);
}

export const QINGSTOR_ERRORS = {
  uploadNotExists: { status: 404, code: 'upload_not_exists', message: 'The upload id does not exist, or the upload was completed or aborted.' },
  bucketNotExists: { status: 404, code: 'bucket_not_exists', message: 'The bucket you are accessing does not exist.' },
  objectNotExists: { status: 404, code: 'object_not_exists', message: 'The object you are accessing does not exist.' },
  invalidAccessKey: { status: 401, code: 'invalid_access_key_id', message: 'The access key id you provided does not exist.' },
  signatureNotMatched: { status: 401, code: 'signature_not_matched', message: 'The signature you provided does not match.' },
  // Note: the error table names request_expired for a Date/X-QS-Date more than 15 minutes off;
  // which code an expired query signature gets is undocumented, and this is the closest one.
  requestExpired: { status: 403, code: 'request_expired', message: 'The request has expired.' },
  permissionDenied: { status: 403, code: 'permission_denied', message: 'You have no permission to access this resource.' },
  badDigest: { status: 400, code: 'bad_digest', message: 'The Content-MD5 you specified does not match what was received.' },
  entityTooSmall: { status: 400, code: 'entity_too_small', message: 'Every part but the last must be at least 4 MB.' },
  entityTooLarge: { status: 400, code: 'entity_too_large', message: 'A part must not be larger than 5 GB.' },
  tooManyParts: { status: 400, code: 'invalid_request', message: 'An upload holds at most 10000 parts.' },
  missingLength: { status: 400, code: 'invalid_request', message: 'Content-Length is required.' },
  incompleteBody: { status: 400, code: 'invalid_request', message: 'The body is shorter than its Content-Length.' },
  methodNotAllowed: { status: 405, code: 'method_not_allowed', message: 'The method is not allowed on this resource.' },
  invalidObjectName: { status: 400, code: 'invalid_object_name', message: 'The object name is invalid.' },
} as const satisfies Record<string, QingStorError>;

export function invalidArgument(message: string): QingStorError {
  return { status: 400, code: 'invalid_argument', message };
}

export function invalidRequest(message: string): QingStorError {
  return { status: 400, code: 'invalid_request', message };
}
