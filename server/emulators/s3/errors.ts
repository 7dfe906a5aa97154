import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** An S3 error: status, code, message, and the extra elements S3 adds for some codes. */
export interface S3Error {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly extra?: Readonly<Record<string, string>>;
}

export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

export function requestIds(): Record<string, string> {
  return {
    'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
    'x-amz-id-2': randomBytes(24).toString('base64'),
  };
}

/** The `<Error>` document S3 writes (no trailing newline, as S3 sends it). */
export function errorXml(error: S3Error, resource: string, requestId: string): string {
  const extra = Object.entries(error.extra ?? {})
    .map(([name, value]) => `<${name}>${xmlEscape(value)}</${name}>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${xmlEscape(error.code)}</Code><Message>${xmlEscape(error.message)}</Message>${extra}` +
    `<Resource>${xmlEscape(resource)}</Resource><RequestId>${requestId}</RequestId></Error>`
  );
}

/** Answers with an S3 error; HEAD answers carry no body, as S3's do. */
export function sendS3Error(res: ServerResponse, error: S3Error, resource: string, headOnly = false): void {
  const ids = requestIds();
  if (headOnly) {
    res.writeHead(error.status, ids).end();
    return;
  }
  res.writeHead(error.status, { 'Content-Type': 'application/xml', ...ids });
  res.end(errorXml(error, resource, ids['x-amz-request-id'] ?? ''));
}

export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function sendXml(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/xml', ...requestIds(), ...headers });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

const queryAuthError = (message: string): S3Error => ({ status: 400, code: 'AuthorizationQueryParametersError', message });
const headerAuthError = (message: string): S3Error => ({ status: 400, code: 'AuthorizationHeaderMalformed', message });

/** Messages as S3 words them (AWS S3 API reference, "Error responses"). */
export const S3_ERRORS = {
  accessDenied: { status: 403, code: 'AccessDenied', message: 'Access Denied' },
  expired: { status: 403, code: 'AccessDenied', message: 'Request has expired' },
  expiredToken: { status: 400, code: 'ExpiredToken', message: 'The provided token has expired.' },
  skewed: {
    status: 403,
    code: 'RequestTimeTooSkewed',
    message: 'The difference between the request time and the current time is too large.',
  },
  badSignature: {
    status: 403,
    code: 'SignatureDoesNotMatch',
    message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  },
  badAccessKey: { status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' },
  noSuchBucket: { status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist' },
  noSuchKey: { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' },
  noSuchUpload: {
    status: 404,
    code: 'NoSuchUpload',
    message:
      'The specified multipart upload does not exist. The upload ID might be invalid, or the multipart upload might have been aborted or completed.',
  },
  invalidDigest: { status: 400, code: 'InvalidDigest', message: 'The Content-MD5 you specified is not valid.' },
  badDigest: { status: 400, code: 'BadDigest', message: 'The Content-MD5 you specified did not match what we received.' },
  sha256Mismatch: {
    status: 400,
    code: 'XAmzContentSHA256Mismatch',
    message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
  },
  missingSha256: { status: 400, code: 'InvalidRequest', message: 'Missing required header for this request: x-amz-content-sha256' },
  streamingUnsupported: {
    status: 501,
    code: 'NotImplemented',
    message: 'A header you provided implies functionality that is not implemented',
  },
  unsupportedAuth: {
    status: 400,
    code: 'InvalidRequest',
    message: 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
  },
  twoMechanisms: {
    status: 400,
    code: 'InvalidArgument',
    message:
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
  },
  missingDate: { status: 403, code: 'AccessDenied', message: 'AWS authentication requires a valid Date or x-amz-date header' },
  malformedXml: {
    status: 400,
    code: 'MalformedXML',
    message: 'The XML you provided was not well-formed or did not validate against our published schema',
  },
  missingLength: { status: 411, code: 'MissingContentLength', message: 'You must provide the Content-Length HTTP header.' },
  tooLarge: { status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size' },
  incomplete: {
    status: 400,
    code: 'IncompleteBody',
    message: 'You did not provide the number of bytes specified by the Content-Length HTTP header',
  },
  invalidPartOrder: {
    status: 400,
    code: 'InvalidPartOrder',
    message: 'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
  },
  keyTooLong: { status: 400, code: 'KeyTooLongError', message: 'Your key is too long' },
  invalidUri: { status: 400, code: 'InvalidURI', message: "Couldn't parse the specified URI." },
  methodNotAllowed: { status: 405, code: 'MethodNotAllowed', message: 'The specified method is not allowed against this resource.' },
  internal: { status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' },
} as const satisfies Record<string, S3Error>;

export const queryAuthErrors = {
  algorithm: queryAuthError('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"'),
  missing: queryAuthError(
    'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
  ),
  date: queryAuthError('X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"'),
  expires: queryAuthError('X-Amz-Expires must be a non-negative whole number of seconds'),
  expiresTooLong: queryAuthError(
    'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
  ),
  hostUnsigned: queryAuthError('X-Amz-SignedHeaders must include host'),
  credential: (why: string): S3Error => queryAuthError(`Error parsing the X-Amz-Credential parameter; ${why}`),
} as const;

export const headerAuthErrors = {
  malformed: (why: string): S3Error => headerAuthError(why),
  credential: (why: string): S3Error => headerAuthError(`The authorization header is malformed; ${why}`),
} as const;

export function partNumberError(value: string | null): S3Error {
  return {
    status: 400,
    code: 'InvalidArgument',
    message: 'Part number must be an integer between 1 and 10000, inclusive',
    extra: { ArgumentName: 'partNumber', ArgumentValue: value ?? '' },
  };
}

export function unsignedHeadersError(names: readonly string[]): S3Error {
  return {
    status: 403,
    code: 'AccessDenied',
    message: 'There were headers present in the request which were not signed',
    extra: { HeadersNotSigned: names.join(', ') },
  };
}
