import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, afterEach, before, describe, it } from 'node:test';
import { createS3Emulator, type S3Emulator } from '../../server/emulators/s3.js';
import { AwsChunkedDecoder, chunkedRefusal } from '../../server/emulators/s3/aws-chunked.js';
import { checksumOf } from '../../server/emulators/s3/checksums.js';
import { parseAmzDate, signingKey } from '../../server/verify/s3-sigv4.js';
import { amzDateOf, sendRaw, type RawRequest } from './helpers/s3-raw-request.js';

/**
 * aws-chunked bodies (protocols.md 5.5) checked against AWS's published example of a signed
 * streaming PUT ("Signature Calculations … in Multiple Chunks", sigv4-streaming) and the
 * trailer signature the AWS CRT's tests expect (awslabs/aws-crt-swift ChunkSignerTests), then
 * the refusals S3 answers for malformed framing, trailers and checksums.
 */

const EXAMPLE = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  amzDate: '20130524T000000Z',
  seed: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
  chunks: [
    [65536, 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648'],
    [1024, '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497'],
    [0, 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9'],
  ] as const,
  /** Over the trailers `first:1st`, `second:2nd`, `third:3rd`, chained from the last chunk. */
  trailerSignature: 'df5735bd9f3295cd9386572292562fefc93ba94e80a0a1ddcbd652c4e0a75e6c',
};

/** The example's body: 66560 bytes of `a`, one byte flipped in the second chunk when asked. */
function exampleBody(options: { corrupt?: boolean; trailer?: boolean } = {}): Buffer {
  const pieces: Buffer[] = [];
  for (const [size, signature] of EXAMPLE.chunks) {
    const data = Buffer.alloc(size, 'a');
    if (options.corrupt === true && size === 1024) data[10] = 0x62;
    pieces.push(Buffer.from(`${size.toString(16)};chunk-signature=${signature}\r\n`), data, Buffer.from(size === 0 ? '' : '\r\n'));
  }
  if (options.trailer === true) pieces.push(Buffer.from(`first:1st\r\nsecond:2nd\r\nthird:3rd\r\nx-amz-trailer-signature:${EXAMPLE.trailerSignature}\r\n`));
  pieces.push(Buffer.from('\r\n'));
  return Buffer.concat(pieces);
}

async function decode(body: Buffer, decoder: AwsChunkedDecoder, pieceSize: number): Promise<Buffer> {
  const out: Buffer[] = [];
  const pieces = Array.from({ length: Math.ceil(body.length / pieceSize) }, (_, i) => body.subarray(i * pieceSize, (i + 1) * pieceSize));
  await pipeline(Readable.from(pieces), decoder, new Writable({ write: (chunk: Buffer, _e, done) => (out.push(chunk), done()) }));
  return Buffer.concat(out);
}

const exampleSigning = () => ({
  key: signingKey(EXAMPLE.secret, '20130524', 'us-east-1', 's3'),
  amzDate: EXAMPLE.amzDate,
  scope: '20130524/us-east-1/s3/aws4_request',
  seedSignature: EXAMPLE.seed,
});

describe('aws-chunked decoder · published vectors', () => {
  for (const pieceSize of [1, 7, 4096, 100_000]) {
    it(`accepts AWS's signed example fed ${pieceSize} bytes at a time, and yields the 66560 bytes`, async () => {
      const decoded = await decode(exampleBody(), new AwsChunkedDecoder({ trailer: false, signing: exampleSigning() }), pieceSize);

      assert.equal(decoded.length, 66560);
      assert.ok(decoded.equals(Buffer.alloc(66560, 'a')));
    });
  }

  it('verifies the trailer signature the AWS CRT expects', async () => {
    const decoder = new AwsChunkedDecoder({ trailer: true, signing: exampleSigning() });
    await decode(exampleBody({ trailer: true }), decoder, 4096);

    assert.deepEqual([...decoder.trailers], [['first', '1st'], ['second', '2nd'], ['third', '3rd']]);
  });

  it('refuses a changed byte with SignatureDoesNotMatch, and a changed trailer too', async () => {
    const changedData = decode(exampleBody({ corrupt: true }), new AwsChunkedDecoder({ trailer: false, signing: exampleSigning() }), 4096);
    const changedTrailer = decode(
      Buffer.from(exampleBody({ trailer: true }).toString('latin1').replace('third:3rd', 'third:4th'), 'latin1'),
      new AwsChunkedDecoder({ trailer: true, signing: exampleSigning() }),
      4096,
    );

    for (const attempt of [changedData, changedTrailer]) {
      await assert.rejects(attempt, (error) => chunkedRefusal(error)?.code === 'SignatureDoesNotMatch');
    }
  });
});

describe('S3 emulator · aws-chunked requests', () => {
  let emulator: S3Emulator;

  before(async () => {
    emulator = await createS3Emulator({ buckets: ['examplebucket', 'test-bucket'], credentials: { [EXAMPLE.accessKeyId]: EXAMPLE.secret } });
  });
  afterEach(() => emulator.reset());
  after(() => emulator.close());

  /** AWS's example request, sent with its own Host and date (the emulator's clock set back to 2013). */
  const exampleRequest = (body: Buffer): RawRequest => ({
    url: `${emulator.url}/examplebucket/chunkObject.txt`,
    host: 's3.amazonaws.com',
    method: 'PUT',
    headers: {
      'content-encoding': 'aws-chunked',
      'content-length': String(body.length),
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      'x-amz-decoded-content-length': '66560',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
    },
    body,
    accessKeyId: EXAMPLE.accessKeyId,
    secret: EXAMPLE.secret,
    region: 'us-east-1',
    amzDate: EXAMPLE.amzDate,
  });

  it("stores AWS's signed streaming example, whose seed signature our signer reproduces", async () => {
    emulator.configure({ clockOffsetMs: parseAmzDate(EXAMPLE.amzDate) - Date.now() });
    const request = exampleRequest(exampleBody());
    assert.equal(request.body.length, 66824);

    const answer = await sendRaw(request);

    assert.equal(answer.status, 200, answer.body);
    assert.equal(emulator.object('examplebucket/chunkObject.txt')?.md5, createHash('md5').update(Buffer.alloc(66560, 'a')).digest('hex'));
  });

  it('refuses the example with one byte changed: 403 SignatureDoesNotMatch, nothing stored', async () => {
    emulator.configure({ clockOffsetMs: parseAmzDate(EXAMPLE.amzDate) - Date.now() });

    const answer = await sendRaw(exampleRequest(exampleBody({ corrupt: true })));

    assert.equal(answer.status, 403);
    assert.match(answer.body, /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.equal(emulator.object('examplebucket/chunkObject.txt'), undefined);
  });

  /** An unsigned-chunk PutObject of `data`, declaring a trailer (or not), with trailer lines (or none). */
  const unsignedTrailer = (data: Buffer, trailerLines: string, headers: Record<string, string> = { 'x-amz-trailer': 'x-amz-checksum-crc32c' }): RawRequest => {
    const body = Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from(`\r\n0\r\n${trailerLines}\r\n`)]);
    return {
      url: `${emulator.url}/test-bucket/trailer.bin`,
      method: 'PUT',
      headers: {
        'content-encoding': 'aws-chunked',
        'content-length': String(body.length),
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-decoded-content-length': String(data.length),
        ...headers,
      },
      body,
      accessKeyId: EXAMPLE.accessKeyId,
      secret: EXAMPLE.secret,
      region: 'us-east-1',
      amzDate: amzDateOf(Date.now()),
    };
  };

  it('checks a trailing checksum: the right CRC32C is stored, a wrong one is 400 BadDigest', async () => {
    const data = Buffer.from('hello aws-chunked\n');
    const good = await sendRaw(unsignedTrailer(data, `x-amz-checksum-crc32c:${await checksumOf('crc32c', data)}\r\n`));
    assert.equal(good.status, 200, good.body);
    assert.equal(good.headers['x-amz-checksum-crc32c'], await checksumOf('crc32c', data));

    const bad = await sendRaw(unsignedTrailer(data, 'x-amz-checksum-crc32c:AAAAAA==\r\n'));
    assert.equal(bad.status, 400);
    assert.match(bad.body, /<Code>BadDigest<\/Code><Message>The CRC32C you specified did not match the calculated checksum.<\/Message>/);
  });

  it('refuses a missing, other or undeclared trailer with 400 MalformedTrailerError and an unknown x-amz-trailer with 400 InvalidRequest', async () => {
    const data = Buffer.from('x');
    const cases: [RawRequest, number, string][] = [
      [unsignedTrailer(data, ''), 400, 'MalformedTrailerError'],
      [unsignedTrailer(data, `x-amz-checksum-crc32:${await checksumOf('crc32', data)}\r\n`), 400, 'MalformedTrailerError'],
      [unsignedTrailer(data, `x-amz-checksum-crc32:${await checksumOf('crc32', data)}\r\n`, {}), 400, 'MalformedTrailerError'],
      [unsignedTrailer(data, '', { 'x-amz-trailer': 'x-amz-checksum-md6' }), 400, 'InvalidRequest'],
    ];
    for (const [request, status, code] of cases) {
      const answer = await sendRaw(request);
      assert.equal(answer.status, status, answer.body);
      assert.match(answer.body, new RegExp(`<Code>${code}</Code>`));
    }
  });

  it('refuses broken framing with 400 IncompleteBody and a decoded length that disagrees with 400 IncompleteBody', async () => {
    const data = Buffer.from('framing');
    const request = unsignedTrailer(data, '');
    const broken = { ...request, body: Buffer.from(request.body.toString('latin1').replace('7\r\n', '9\r\n'), 'latin1') };
    const wrongLength = unsignedTrailer(data, '', { 'x-amz-decoded-content-length': '8' });

    for (const attempt of [broken, wrongLength]) {
      const answer = await sendRaw(attempt);
      assert.equal(answer.status, 400, answer.body);
      assert.match(answer.body, /<Code>IncompleteBody<\/Code>/);
    }
  });
});
