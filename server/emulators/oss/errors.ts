import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';

export interface OssError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

export function requestId(): string {
  return randomBytes(12).toString('hex').toUpperCase();
}

/** An error as OSS writes it: XML with Code, Message, RequestId and HostId. */
export function sendOssError(res: ServerResponse, error: OssError, host = '127.0.0.1'): void {
  const id = requestId();
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n' +
    `  <Code>${xmlEscape(error.code)}</Code>\n  <Message>${xmlEscape(error.message)}</Message>\n` +
    `  <RequestId>${id}</RequestId>\n  <HostId>${xmlEscape(host)}</HostId>\n</Error>\n`;
  res.writeHead(error.status, { 'Content-Type': 'application/xml', 'x-oss-request-id': id });
  res.end(body);
}

export function sendXml(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/xml', 'x-oss-request-id': requestId(), ...headers });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

export const OSS_ERRORS = {
  noSuchUpload: {
    status: 404,
    code: 'NoSuchUpload',
    message: 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
  },
  noSuchBucket: { status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist.' },
  noSuchKey: { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' },
  expired: { status: 403, code: 'AccessDenied', message: 'Request has expired.' },
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
  badAccessKey: { status: 403, code: 'InvalidAccessKeyId', message: 'The OSS Access Key Id you provided does not exist in our records.' },
  anonymous: { status: 403, code: 'AccessDenied', message: 'You have no right to access this object because of bucket acl.' },
  invalidDigest: {
    status: 400,
    code: 'InvalidDigest',
    message: 'The Content-MD5 you specified is not valid.',
  },
  malformedXml: { status: 400, code: 'MalformedXML', message: 'The XML you provided was not well-formed or did not validate against our published schema.' },
  missingLength: { status: 411, code: 'MissingContentLength', message: 'You must provide the Content-Length HTTP header.' },
  tooLarge: { status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size.' },
  incomplete: { status: 400, code: 'IncompleteBody', message: 'You did not provide the number of bytes specified by the Content-Length HTTP header.' },
  fileExists: { status: 409, code: 'FileAlreadyExists', message: 'The object you specified already exists and can not be overwritten.' },
} as const satisfies Record<string, OssError>;

export function partNumberError(value: string | null): OssError {
  return {
    status: 400,
    code: 'InvalidArgument',
    message: `Part number must be an integer between 1 and 10000, inclusive. (partNumber=${value ?? ''})`,
  };
}
