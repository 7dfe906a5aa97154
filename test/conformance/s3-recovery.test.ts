import { expect } from '@esm-bundle/chai';
import { createHttpSigner } from '../../src/core/http-signer.js';
import type { UploaderEventMap } from '../../src/core/events.js';
import type { SignRequest, Signer } from '../../src/contracts/signer.js';
import type { SignRequestFor } from '../../src/contracts/target.js';
import type { PartRequest } from '../../src/protocols/shared/presigned-ops.js';
import { createS3Protocol, type s3 } from '../../src/protocols/s3.js';
import { UploadError } from '../../src/transport/upload-error.js';
import { XhrTransport } from '../../src/transport/xhr-transport.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { nextEvent, recordEvents } from '../helpers/events.js';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { addFault, clearFaults, configure, openUploads, partsAccepted, requestsSeen, serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

const PART = 5 * MiB;

/** Asks the signer as the page would, with a request typed by the S3 target's operations. */
function ask(signer: Signer, request: SignRequestFor<typeof s3>): Promise<unknown> {
  return signer(request, { signal: new AbortController().signal });
}

async function honestSigner(): Promise<Signer> {
  return createHttpSigner(`${(await serverUrls()).signer}/s3`, new XhrTransport());
}

/**
 * The reference signer, with `before` run ahead of the nth request of one operation: another
 * actor changing the bucket at a chosen moment, through real S3 operations.
 */
async function signerActingBefore(op: SignRequest['op'], nth: number, before: (request: SignRequest, honest: Signer) => Promise<void>): Promise<Signer> {
  const honest = await honestSigner();
  let seen = 0;
  return async (request, options) => {
    // Acting before the nth `part` needs parts signed one at a time: this signer has no batch.
    if (op === 'part' && request.op === 'parts') return undefined;
    seen += request.op === op ? 1 : 0;
    if (request.op === op && seen === nth) await before(request, honest);
    return honest(request, options);
  };
}

/** Another writer replaces part `partNumber` with other bytes of the same size. */
async function overwritePart(request: SignRequest, honest: Signer, partNumber: number): Promise<void> {
  const { key, uploadId, session } = request as SignRequest & PartRequest;
  const signed = (await ask(honest, { op: 'part', provider: 's3', key, uploadId, partNumber, ...(session === undefined ? {} : { session }) })) as { url: string };
  const response = await fetch(signed.url, { method: 'PUT', body: testFile(PART, { seed: 99 }) });
  expect(response.status, 'overwrite by another writer').to.equal(200);
}

async function expectStored(key: string, file: File): Promise<void> {
  const stored = await storedObject('s3', key);
  expect(stored, key).to.not.equal(null);
  expect(stored!.md5, `MD5 of ${key}`).to.equal(await md5Hex(file));
}

describe('s3 adapter · recovery (our emulator only: s3rver has no ListParts or Abort)', () => {
  afterEach(async () => {
    await clearFaults('s3');
    await configure('s3', { exposeEtag: true });
  });

  it('fails fast, naming the CORS rule to add, when the bucket does not expose ETag: one part request, no retries', async () => {
    const prefix = uniquePrefix('s3-cors');
    const file = testFile(2 * PART + 5, { seed: 51 });
    await configure('s3', { exposeEtag: false });
    const uploader = await engineFor(createS3Protocol(), prefix, { partSize: PART, concurrency: 1 });
    const retries = recordEvents(uploader, ['chunk-upload-retry']);

    uploader.add([file]);
    const failed = await nextEvent<UploaderEventMap['chunk-upload-error']>(uploader, 'chunk-upload-error');

    const { error } = failed.detail;
    expect([error.kind, error.code]).to.deep.equal(['config', 'etag-not-exposed']);
    expect(error.message).to.contain('"ExposeHeaders": ["ETag"]');
    expect(error.message).to.contain('aws s3api put-bucket-cors');
    expect(retries.events).to.deep.equal([]);
    expect(await requestsSeen('s3', { op: 'UploadPart', keyPrefix: prefix })).to.have.length(1);
    expect(await storedObject('s3', `${prefix}${file.name}`)).to.equal(null);
  });

  it("retries Complete after S3's 200-with-Error and completes", async () => {
    const prefix = uniquePrefix('s3-error-in-200');
    const file = testFile(PART + 77, { seed: 52 });
    await addFault('s3', { op: 'CompleteMultipartUpload', action: 'error-in-200', nth: [1], keyPrefix: prefix });
    const uploader = await engineFor(createS3Protocol(), prefix, { partSize: PART });
    const retried = nextEvent<UploaderEventMap['chunk-upload-retry']>(uploader, 'chunk-upload-retry');

    uploader.add([file]);
    const summary = await queueDone(uploader);

    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect((await retried).detail.error.code).to.equal('InternalError');
    const completes = await requestsSeen('s3', { op: 'CompleteMultipartUpload', keyPrefix: prefix });
    expect(completes.map((r) => [r.status, r.fault ?? null])).to.deep.equal([
      [200, 'error-in-200'],
      [200, null],
    ]);
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('starts over with a new upload when the upload is aborted mid-way (NoSuchUpload)', async () => {
    const prefix = uniquePrefix('s3-gone');
    const file = testFile(2 * PART + 9, { seed: 53 });
    const signer = await signerActingBefore('part', 2, async (request, honest) => {
      const { key, uploadId, session } = request as SignRequest & PartRequest;
      await ask(honest, { op: 'abort', provider: 's3', key, uploadId, ...(session === undefined ? {} : { session }) });
    });
    const uploader = await engineFor(createS3Protocol(), prefix, { partSize: PART, concurrency: 1, signer });

    uploader.add([file]);
    const summary = await queueDone(uploader);

    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    const puts = await requestsSeen('s3', { op: 'UploadPart', keyPrefix: prefix });
    expect(puts.filter((r) => r.status === 404), 'parts refused with NoSuchUpload').to.have.length(1);
    expect(await requestsSeen('s3', { op: 'CreateMultipartUpload', keyPrefix: prefix })).to.have.length(2);
    expect(await openUploads('s3', prefix)).to.deep.equal([]);
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('lists, sends again and completes when Complete answers InvalidPart (a part was overwritten)', async () => {
    const prefix = uniquePrefix('s3-invalid-part');
    const file = testFile(2 * PART + 1000, { seed: 54 });
    const signer = await signerActingBefore('complete', 1, (request, honest) => overwritePart(request, honest, 2));
    const uploader = await engineFor(createS3Protocol(), prefix, { partSize: PART, signer });

    uploader.add([file]);
    const summary = await queueDone(uploader);

    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    const completes = await requestsSeen('s3', { op: 'CompleteMultipartUpload', keyPrefix: prefix });
    expect(completes.filter((r) => r.status === 400), 'InvalidPart answers').to.not.have.length(0);
    expect(await requestsSeen('s3', { op: 'ListParts', keyPrefix: prefix })).to.not.have.length(0);
    const accepted = (await partsAccepted('s3', prefix)).map((a) => [a.partNumber, a.count]).sort();
    expect(accepted, 'part 2: ours, the overwrite, ours again').to.deep.equal([
      [1, 1],
      [2, 3],
      [3, 1],
    ]);
    await expectStored(`${prefix}${file.name}`, file);
  });

  it('completes once when the answer to Complete is lost and the retry finds the object assembled', async () => {
    const prefix = uniquePrefix('s3-lost-complete');
    const file = testFile(PART + 3, { seed: 55 });
    const honest = await honestSigner();
    let completes = 0;
    const signer: Signer = async (request, options) => {
      const answer = await honest(request, options);
      completes += request.op === 'complete' ? 1 : 0;
      if (request.op === 'complete' && completes === 1) throw new UploadError('complete: the connection dropped', { kind: 'network' });
      return answer;
    };
    const uploader = await engineFor(createS3Protocol(), prefix, { partSize: PART, signer });

    uploader.add([file]);
    const summary = await queueDone(uploader);

    expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect(await requestsSeen('s3', { op: 'CreateMultipartUpload', keyPrefix: prefix })).to.have.length(1);
    expect((await partsAccepted('s3', prefix)).map((a) => a.count)).to.deep.equal([1, 1]);
    expect(await requestsSeen('s3', { op: 'HeadObject', keyPrefix: prefix })).to.have.length(1);
    await expectStored(`${prefix}${file.name}`, file);
  });
});
