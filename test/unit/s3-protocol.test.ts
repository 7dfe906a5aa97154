import { expect } from '@esm-bundle/chai';
import { testCredentials } from '../helpers/targets.js';
import type { Hasher, Io, PlannedPart, Session } from '../../src/contracts/protocol.js';
import { createS3Protocol, S3_LIMITS } from '../../src/protocols/s3.js';
import type { HttpRequest, HttpResponse, Transport } from '../../src/transport/transport.js';
import { UploadError, type ErrorKind } from '../../src/transport/upload-error.js';

/** Answers every request with one scripted response (STYLE 8.11: the only mock, unit tests only). */
function answering(status: number, body: string, headers: Record<string, string> = {}): Transport & { readonly seen: HttpRequest[] } {
  const seen: HttpRequest[] = [];
  return {
    seen,
    request(request: HttpRequest): Promise<HttpResponse> {
      seen.push(request);
      return Promise.resolve({ status, body, header: (name) => headers[name.toLowerCase()] ?? null });
    },
  };
}

const noHasher: Hasher = {
  range: () => Promise.reject(new Error('not used')),
  file: () => Promise.reject(new Error('not used')),
};

function io(transport: Transport, sign: Io['sign'] = () => Promise.resolve({ url: 'https://bucket.s3.example/k?X-Amz-Signature=abc' })): Io {
  return { signal: new AbortController().signal, transport, sign, hasher: noHasher, integrity: true, timeouts: { requestMs: 60_000, stallMs: 20_000 }, credentials: testCredentials() };
}

const session: Session = { provider: 's3', key: 'k', uploadId: 'u', partSize: S3_LIMITS.minPartSize };
const part: PlannedPart = {
  index: 0,
  number: 1,
  start: 0,
  end: 3,
  digests: { md5Hex: '900150983cd24fb0d6963f7d28e17f72', md5Base64: 'kAFQmDzST7DWlj99KOF/cg==' },
};

function s3Error(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>1</RequestId></Error>`;
}

async function failureOf(promise: Promise<unknown>): Promise<UploadError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UploadError) return error;
    throw error;
  }
  throw new Error('no failure');
}

describe('s3 adapter · mapping of S3 answers to error kinds', () => {
  const table: [status: number, code: string, message: string, kind: ErrorKind][] = [
    [400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.', 'integrity'],
    [400, 'InvalidDigest', 'The Content-MD5 you specified is not valid.', 'integrity'],
    [404, 'NoSuchUpload', 'The specified multipart upload does not exist.', 'session-gone'],
    [403, 'AccessDenied', 'Request has expired', 'expired-credential'],
    [403, 'AccessDenied', 'Access Denied', 'auth'],
    [403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match', 'auth'],
    [403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 'expired-credential'],
    [400, 'ExpiredToken', 'The provided token has expired.', 'expired-credential'],
    [503, 'SlowDown', 'Please reduce your request rate.', 'throttled'],
    [500, 'InternalError', 'We encountered an internal error. Please try again.', 'server'],
    [400, 'RequestTimeout', 'Your socket connection to the server was not read from or written to within the timeout period.', 'timeout'],
    [400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 'network'],
    [404, 'NoSuchBucket', 'The specified bucket does not exist', 'config'],
    [400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', 'client'],
  ];

  it('classifies each UploadPart failure by its S3 code, keeping the code', async () => {
    for (const [status, code, message, kind] of table) {
      const error = await failureOf(createS3Protocol().sendPart(session, part, new Blob(['abc']), io(answering(status, s3Error(code, message)))));

      expect([error.kind, error.code, error.status], code).to.deep.equal([kind, code, status]);
    }
  });

  it('classifies storage failures the signer relays at Complete by their S3 code', async () => {
    const relayed = (status: number, code: string): Io['sign'] => () =>
      Promise.reject(new UploadError(`the signer refused complete: ${code}`, { kind: 'client', status, code }));
    const complete = (status: number, code: string) =>
      failureOf(createS3Protocol().complete(session, [{ number: 1, size: 3, etag: '"x"' }], io(answering(200, ''), relayed(status, code))));

    expect((await complete(400, 'InvalidPart')).kind).to.equal('integrity');
    expect((await complete(404, 'NoSuchUpload')).kind).to.equal('session-gone');
    expect((await complete(503, 'InternalError')).kind).to.equal('server');
    expect((await complete(400, 'EntityTooSmall')).kind).to.equal('client');
    expect((await complete(400, 'InvalidPartOrder')).kind).to.equal('client');
  });
});

describe('s3 adapter · part requests', () => {
  it('sends Content-MD5 with every part and keeps the quoted ETag and the MD5', async () => {
    const transport = answering(200, '', { etag: '"900150983cd24fb0d6963f7d28e17f72"' });

    const record = await createS3Protocol().sendPart(session, part, new Blob(['abc']), io(transport));

    expect(transport.seen[0]?.headers).to.deep.include({ 'Content-MD5': 'kAFQmDzST7DWlj99KOF/cg==' });
    expect(record).to.deep.equal({ number: 1, size: 3, etag: '"900150983cd24fb0d6963f7d28e17f72"', md5: '900150983cd24fb0d6963f7d28e17f72' });
  });

  it('reports a stored part whose ETag hides behind CORS as a config error naming the rule and where to add it', async () => {
    const error = await failureOf(createS3Protocol().sendPart(session, part, new Blob(['abc']), io(answering(200, ''))));

    expect(error.kind).to.equal('config');
    expect(error.code).to.equal('etag-not-exposed');
    expect(error.message).to.contain('its ETag header is hidden from the page by CORS; add "ETag" to ExposeHeaders');
    expect(error.message).to.contain('S3 → the bucket → Permissions → Cross-origin resource sharing (CORS)');
    expect(error.message).to.contain('"ExposeHeaders": ["ETag"]');
    expect(error.message).to.contain('aws s3api put-bucket-cors --bucket <bucket> --cors-configuration');
  });

  it('sends a part again when the ETag is not the MD5 sent, unless ETags are opaque (SSE-KMS)', async () => {
    const other = answering(200, '', { etag: '"0123456789abcdef0123456789abcdef"' });

    const checked = await failureOf(createS3Protocol().sendPart(session, part, new Blob(['abc']), io(other)));
    const opaque = await createS3Protocol({ partEtag: 'opaque' }).sendPart(session, part, new Blob(['abc']), io(other));

    expect([checked.kind, checked.code]).to.deep.equal(['integrity', 'etag-mismatch']);
    expect(opaque.etag).to.equal('"0123456789abcdef0123456789abcdef"');
  });

  it('recognises a listed part by its MD5 ETag on resume, and cannot when ETags are opaque', () => {
    const listed = { number: 1, size: 3, etag: '"900150983cd24fb0d6963f7d28e17f72"' };
    const local = { md5Hex: '900150983cd24fb0d6963f7d28e17f72' };

    expect(createS3Protocol().listedDigests).to.deep.equal(['md5']);
    expect(createS3Protocol().verifyListed?.(listed, local)).to.equal(true);
    expect(createS3Protocol().verifyListed?.(listed, { md5Hex: '0'.repeat(32) })).to.equal(false);
    expect(createS3Protocol({ partEtag: 'opaque' }).verifyListed?.(listed, local)).to.equal(false);
  });
});
