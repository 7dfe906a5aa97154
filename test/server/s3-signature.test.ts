import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  parseAuthorization,
  parseCredential,
  parseRawQuery,
  sha256Hex,
  signingKey,
  sigv4Signature,
  stringToSign,
  UNSIGNED_PAYLOAD,
} from '../../server/verify/s3-sigv4.js';

const AKID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SCOPE = '20130524/us-east-1/s3/aws4_request';
const HOST = { host: 'examplebucket.s3.amazonaws.com' };

function presignQuery(expires: string, extra: [string, string][] = []): [string, string][] {
  return [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${AKID}/${SCOPE}`],
    ['X-Amz-Date', '20130524T000000Z'],
    ['X-Amz-Expires', expires],
    ['X-Amz-SignedHeaders', 'host'],
    ...extra,
  ];
}

function sign(canonical: string, date = '20130524T000000Z', scope = SCOPE): string {
  const [day = '', region = '', service = ''] = scope.split('/');
  return sigv4Signature(signingKey(SECRET, day, region, service), stringToSign(date, scope, canonical));
}

/** Our verifier's signature for a URL the AWS SDK presigned. */
function verifyUrl(url: string, method: string, headers: Record<string, string>, secret: string): { expected: string; given: string } {
  const parsed = new URL(url);
  const query = parseRawQuery(parsed.search.slice(1));
  const param = (name: string): string => query.find(([n]) => n === name)?.[1] ?? '';
  const scope = parseCredential(param('X-Amz-Credential'));
  assert.ok(scope);
  const canonical = canonicalRequest({
    method,
    rawPath: parsed.pathname,
    query,
    headers: { host: parsed.host, ...headers },
    signedHeaders: param('X-Amz-SignedHeaders').split(';'),
    payloadHash: UNSIGNED_PAYLOAD,
  });
  const expected = sigv4Signature(
    signingKey(secret, scope.date, scope.region, scope.service),
    stringToSign(param('X-Amz-Date'), `${scope.date}/${scope.region}/${scope.service}/aws4_request`, canonical),
  );
  return { expected, given: param('X-Amz-Signature') };
}

/** protocols.md 5.2: the official vector [verified] and an UploadPart example [computed]. */
describe('S3 SigV4 (our own verifier)', () => {
  it('reproduces the official presigned GET vector', () => {
    const canonical = canonicalRequest({
      method: 'GET',
      rawPath: '/test.txt',
      query: presignQuery('86400'),
      headers: HOST,
      signedHeaders: ['host'],
      payloadHash: UNSIGNED_PAYLOAD,
    });

    assert.equal(sha256Hex(canonical), '3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04');
    assert.equal(sign(canonical), 'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
  });

  it('reproduces the computed UploadPart example', () => {
    const uploadId = 'EXAMPLEJZ6e0YupT2h66iePQCc9IEbYbDUy4RTpMeoSMLPRp8Z5o1u8feSRonpvnWsKKG35tI2LB9VDPiCgTy.Gq2VxQLYjrue4Nq.NBdqI-';
    const canonical = canonicalRequest({
      method: 'PUT',
      rawPath: '/video.mp4',
      query: presignQuery('3600', [['partNumber', '1'], ['uploadId', uploadId]]),
      headers: HOST,
      signedHeaders: ['host'],
      payloadHash: UNSIGNED_PAYLOAD,
    });

    assert.equal(sign(canonical), '09109cc836e7faff90374313dd414acc7c03d27bc891dbdf77ff02ad31ff9dbe');
  });

  it('agrees with the AWS SDK presigner on an UploadPart URL for an awkward key', async () => {
    const client = new S3Client({
      region: 'eu-west-3',
      endpoint: 'http://127.0.0.1:9',
      forcePathStyle: true,
      credentials: { accessKeyId: AKID, secretAccessKey: SECRET },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const url = await getSignedUrl(
      client,
      new UploadPartCommand({ Bucket: 'b', Key: 'dir/a b+c~(1)*ü.bin', UploadId: 'id/with+plus=', PartNumber: 7 }),
      { expiresIn: 900 },
    );

    const { expected, given } = verifyUrl(url, 'PUT', {}, SECRET);

    assert.match(url, /X-Amz-SignedHeaders=host&/);
    assert.equal(expected, given);
  });

  it('agrees with the AWS SDK presigner when Content-MD5 is signed, and only for that digest', async () => {
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      forcePathStyle: true,
      credentials: { accessKeyId: AKID, secretAccessKey: SECRET },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const md5 = '1B2M2Y8AsgTpgAmY7PhCfg==';
    const url = await getSignedUrl(client, new UploadPartCommand({ Bucket: 'b', Key: 'k', UploadId: 'u', PartNumber: 1, ContentMD5: md5 }), {
      expiresIn: 900,
    });

    const right = verifyUrl(url, 'PUT', { 'content-md5': md5 }, SECRET);
    const wrong = verifyUrl(url, 'PUT', { 'content-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' }, SECRET);

    assert.match(url, /X-Amz-SignedHeaders=content-md5%3Bhost/);
    assert.equal(right.expected, right.given);
    assert.notEqual(wrong.expected, wrong.given);
  });

  it('encodes paths and queries as RFC 3986 asks', () => {
    const cases: [string, string][] = [
      ['/b/a%20b%2Bc', '/b/a%20b%2Bc'],
      ['/b/a+b', '/b/a%2Bb'],
      ['/b/%7Etilde~', '/b/~tilde~'],
      ['/b/dir%2Fslash', '/b/dir%2Fslash'],
      ['/b/%C3%BC', '/b/%C3%BC'],
    ];
    for (const [raw, canonical] of cases) assert.equal(canonicalUri(raw), canonical, raw);

    assert.equal(canonicalQuery(parseRawQuery('uploads')), 'uploads=');
    assert.equal(canonicalQuery(parseRawQuery('b=2&a=1&X-Amz-Signature=x&a=0')), 'a=0&a=1&b=2');
    assert.equal(canonicalQuery(parseRawQuery('k=a+b%20c')), 'k=a%2Bb%20c');
  });

  it('reads the parts of an Authorization header', () => {
    const parsed = parseAuthorization(
      `AWS4-HMAC-SHA256 Credential=${AKID}/${SCOPE}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=abc123`,
    );

    assert.deepEqual(parsed, {
      credential: `${AKID}/${SCOPE}`,
      signedHeaders: ['host', 'x-amz-content-sha256', 'x-amz-date'],
      signature: 'abc123',
    });
    assert.equal(parseAuthorization('AWS AKID:sig'), undefined);
    assert.throws(() => parseAuthorization('AWS4-HMAC-SHA256 Credential=x'), /missing SignedHeaders, Signature/);
  });
});
