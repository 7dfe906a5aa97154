import { expect } from '@esm-bundle/chai';
import { choosePartSize, countParts } from '../../src/core/planner.js';
import { AZURE_LIMITS, createAzureProtocol } from '../../src/protocols/azure.js';
import { decodeBlockId, encodeBlockId } from '../../src/protocols/azure/block-id.js';
import type { Hasher, Io, PlannedPart, Session } from '../../src/contracts/protocol.js';
import type { SignRequest } from '../../src/contracts/signer.js';
import type { HttpRequest, HttpResponse, Transport } from '../../src/transport/transport.js';
import { UploadError, type ErrorKind } from '../../src/transport/upload-error.js';
import { testCredentials } from '../helpers/targets.js';

const UPLOAD = '0123456789abcdef0123456789abcdef';
const MD5 = '900150983cd24fb0d6963f7d28e17f72';

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

function signerAnswering(expiresAt: number, asked: SignRequest[] = []): Io['sign'] {
  return (request) => {
    asked.push(request);
    return Promise.resolve({ url: `https://acct.blob.core.windows.net/c/k?sv=2025-11-05&sp=w&sig=abc%3D&n=${asked.length}`, expiresAt });
  };
}

function io(transport: Transport, sign: Io['sign'], credentials = testCredentials()): Io {
  return { signal: new AbortController().signal, transport, sign, credentials, hasher: noHasher, integrity: true, timeouts: { requestMs: 60_000, stallMs: 20_000 } };
}

const session: Session = { provider: 'azure', key: 'k', uploadId: UPLOAD, partSize: 3 };
const part: PlannedPart = { index: 0, number: 1, start: 0, end: 3, digests: { md5Hex: MD5, md5Base64: 'kAFQmDzST7DWlj99KOF/cg==' } };

function azureError(code: string, message: string, detail?: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:1\nTime:x</Message>${
    detail === undefined ? '' : `<AuthenticationErrorDetail>${detail}</AuthenticationErrorDetail>`
  }</Error>`;
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

describe('azure block ids', () => {
  it('have one length for every part number, with and without an MD5, and need no padding', () => {
    const ids = [1, 2, 999, 50_000].flatMap((partNumber) => [
      encodeBlockId({ uploadId: UPLOAD, partNumber, md5Hex: MD5 }),
      encodeBlockId({ uploadId: UPLOAD, partNumber }),
    ]);
    expect(new Set(ids.map((id) => id.length))).to.deep.equal(new Set([52]));
    expect(ids.every((id) => !id.includes('=') && atob(id).length <= 64)).to.equal(true);
  });

  it('carry the upload, the part number and the MD5 back out; foreign ids decode to nothing', () => {
    expect(decodeBlockId(encodeBlockId({ uploadId: UPLOAD, partNumber: 7, md5Hex: MD5 }))).to.deep.equal({ uploadId: UPLOAD, partNumber: 7, md5Hex: MD5 });
    expect(decodeBlockId(encodeBlockId({ uploadId: UPLOAD, partNumber: 7 }))).to.deep.equal({ uploadId: UPLOAD, partNumber: 7 });
    expect(decodeBlockId(btoa('block-000001'))).to.equal(undefined);
    expect(decodeBlockId('not base64!')).to.equal(undefined);
  });
});

describe('azure adapter · Put Block and its answers', () => {
  it('declares Azure\'s limits: 50 000 blocks of at most 4000 MiB, an empty file as an empty list', () => {
    expect(AZURE_LIMITS).to.include({ maxParts: 50_000, maxPartSize: 4000 * 1024 * 1024, firstPartNumber: 1, emptyFileParts: 0 });
  });

  it('lets the planner grow blocks so that the largest blob fits in 50 000 of them', () => {
    for (const size of [1024 ** 4, 100 * 1024 ** 4, AZURE_LIMITS.maxObjectSize]) {
      const partSize = choosePartSize(size, AZURE_LIMITS, 8 * 1024 * 1024);
      expect(countParts(size, partSize, AZURE_LIMITS), `blocks of a ${size}-byte file`).to.be.at.most(50_000);
      expect(partSize).to.be.at.most(AZURE_LIMITS.maxPartSize);
    }
  });

  it('sends the block to the SAS URL with comp=block, its block id and Content-MD5, and records the id', async () => {
    const transport = answering(201, '');
    const protocol = createAzureProtocol();

    const record = await protocol.sendPart(session, part, new Blob(['abc']), io(transport, signerAnswering(Date.now() + 600_000)));

    const sent = transport.seen[0]!;
    const url = new URL(sent.url);
    expect(sent.method).to.equal('PUT');
    expect(url.searchParams.get('comp')).to.equal('block');
    expect(url.searchParams.get('sig')).to.equal('abc=');
    expect(decodeBlockId(url.searchParams.get('blockid')!)).to.deep.equal({ uploadId: UPLOAD, partNumber: 1, md5Hex: MD5 });
    expect(sent.headers).to.deep.equal({ 'Content-MD5': 'kAFQmDzST7DWlj99KOF/cg==' });
    expect(record).to.deep.equal({ number: 1, size: 3, etag: url.searchParams.get('blockid'), md5: MD5 });
  });

  it('asks the signer for one SAS for all blocks, and for a new one only after Azure called it expired', async () => {
    const asked: SignRequest[] = [];
    const protocol = createAzureProtocol();
    const sign = signerAnswering(Date.now() + 600_000, asked);
    const credentials = testCredentials();

    await protocol.sendPart(session, part, new Blob(['abc']), io(answering(201, ''), sign, credentials));
    await protocol.sendPart(session, { ...part, index: 1, number: 2 }, new Blob(['abc']), io(answering(201, ''), sign, credentials));
    const expired = await failureOf(
      protocol.sendPart(
        session,
        part,
        new Blob(['abc']),
        io(answering(403, azureError('AuthenticationFailed', 'Server failed', 'Signature not valid in the specified time frame: Start [a] - Expiry [b] - Current [c]')), sign, credentials),
      ),
    );
    await protocol.sendPart(session, part, new Blob(['abc']), io(answering(201, ''), sign, credentials));

    expect(expired.kind).to.equal('expired-credential');
    expect(asked.map((r) => r.op)).to.deep.equal(['sas', 'sas']);
  });

  const table: [status: number, code: string, message: string, expiresInMs: number, kind: ErrorKind][] = [
    [403, 'AuthenticationFailed', 'Server failed to authenticate the request.', 600_000, 'auth'],
    [403, 'AuthorizationFailure', 'This request is not authorized to perform this operation.', 600_000, 'auth'],
    // Azurite's answer to an expired SAS: our own record of the expiry decides.
    [403, 'AuthorizationFailure', 'Server failed to authenticate the request.', -1_000, 'expired-credential'],
    [403, 'AuthorizationPermissionMismatch', 'This request is not authorized to perform this operation using this permission.', 600_000, 'auth'],
    [400, 'Md5Mismatch', 'The MD5 value specified in the request did not match with the MD5 value calculated by the server.', 600_000, 'integrity'],
    [400, 'InvalidOperation', "Provided contentMD5 doesn't match.", 600_000, 'integrity'],
    [404, 'ContainerNotFound', 'The specified container does not exist.', 600_000, 'config'],
    [409, 'BlockCountExceedsLimit', 'The uncommitted block count cannot exceed the maximum limit of 100,000 blocks.', 600_000, 'client'],
    [413, 'RequestBodyTooLarge', 'The request body is too large.', 600_000, 'client'],
    [500, 'OperationTimedOut', 'Operation could not be completed within the specified time.', 600_000, 'timeout'],
    [503, 'ServerBusy', 'The server is currently unable to receive requests.', 600_000, 'throttled'],
    [500, 'InternalError', 'The server encountered an internal error.', 600_000, 'server'],
  ];
  for (const [status, code, message, expiresInMs, kind] of table) {
    it(`maps ${status} ${code}${expiresInMs < 0 ? ' (SAS past its expiry)' : ''} to ${kind}`, async () => {
      const protocol = createAzureProtocol();
      const error = await failureOf(
        protocol.sendPart(session, part, new Blob(['abc']), io(answering(status, azureError(code, message)), signerAnswering(Date.now() + expiresInMs))),
      );
      expect([error.kind, error.code, error.status]).to.deep.equal([kind, code, status]);
      expect(error.message).to.not.match(/sig=|abc%3D/);
    });
  }

  it('refuses a signer answer without a SAS URL as a malformed answer', async () => {
    const protocol = createAzureProtocol();
    const error = await failureOf(
      protocol.sendPart(session, part, new Blob(['abc']), io(answering(201, ''), () => Promise.resolve({ url: 'https://acct.blob.core.windows.net/c/k', expiresAt: 1 }))),
    );
    expect([error.kind, error.code]).to.deep.equal(['protocol', 'bad-signer-answer']);
  });

  it('accepts a listed block on resume only when the MD5 its id carries is that of the local bytes', () => {
    const protocol = createAzureProtocol();
    const listed = { number: 1, size: 3, etag: encodeBlockId({ uploadId: UPLOAD, partNumber: 1, md5Hex: MD5 }) };
    const unknown = { number: 1, size: 3, etag: encodeBlockId({ uploadId: UPLOAD, partNumber: 1 }) };

    expect(protocol.verifyListed?.(listed, { md5Hex: MD5 })).to.equal(true);
    expect(protocol.verifyListed?.(listed, { md5Hex: 'f'.repeat(32) })).to.equal(false);
    expect(protocol.verifyListed?.(unknown, { md5Hex: MD5 })).to.equal(false);
  });
});
