import { expect } from '@esm-bundle/chai';
import { createHttpSigner } from '../../src/core/http-signer.js';
import { signerFailure } from '../../src/core/signer-failure.js';
import type { UploaderEventMap } from '../../src/core/events.js';
import { createOssProtocol } from '../../src/protocols/oss.js';
import type { Signer } from '../../src/contracts/signer.js';
import { XhrTransport } from '../../src/transport/xhr-transport.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { recordEvents } from '../helpers/events.js';
import { KiB, md5Hex, testFile } from '../helpers/files.js';
import { serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

/**
 * Issue 11.6: a page's `signer` callback fails like the network. What it throws the first
 * `times` calls of `op`, then it signs through the real backend.
 */
async function flakySigner(op: string, times: number, failure: () => unknown): Promise<Signer> {
  const real = createHttpSigner(`${(await serverUrls()).signer}/oss`, new XhrTransport());
  let failed = 0;
  return async (request, options) => {
    if (request.op === op && failed < times) {
      failed += 1;
      throw failure();
    }
    return real(request, options);
  };
}

const CASES: readonly { readonly label: string; readonly op: string; readonly failure: () => unknown; readonly kind: string }[] = [
  { label: 'a fetch that got no answer (TypeError: Failed to fetch)', op: 'initiate', failure: () => new TypeError('Failed to fetch'), kind: 'network' },
  { label: 'signerFailure(503)', op: 'parts', failure: () => signerFailure(503, 'Service Unavailable'), kind: 'throttled' },
  { label: 'signerFailure(502)', op: 'complete', failure: () => signerFailure(502), kind: 'server' },
  { label: 'an HTTP client error with response.status 500', op: 'parts', failure: () => Object.assign(new Error('Request failed'), { response: { status: 500 } }), kind: 'server' },
];

describe('signer callbacks fail like the network', () => {
  for (const testCase of CASES) {
    it(`retries ${testCase.label} on ${testCase.op} and completes`, async () => {
      const prefix = uniquePrefix('signer-flaky');
      const file = testFile(150 * KiB, { seed: 121 });
      const signer = await flakySigner(testCase.op, 2, testCase.failure);
      const uploader = await engineFor(createOssProtocol(), prefix, { signer, endpoint: undefined, partSize: 100 * KiB });
      const recorder = recordEvents(uploader, ['chunk-upload-retry']);

      uploader.add([file]);
      const summary = await queueDone(uploader);
      recorder.stop();

      expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
      const kinds = recorder.events.map((event) => (event.detail as UploaderEventMap['chunk-upload-retry']['detail']).error.kind);
      expect(kinds).to.deep.equal([testCase.kind, testCase.kind]);
      expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
    });
  }

  it('waits at least the Retry-After of a signerFailure(429)', async () => {
    const prefix = uniquePrefix('signer-429');
    const file = testFile(50 * KiB, { seed: 122 });
    const signer = await flakySigner('initiate', 1, () => signerFailure(429, 'slow down', { retryAfterMs: 1500 }));
    const uploader = await engineFor(createOssProtocol(), prefix, { signer, endpoint: undefined });
    const recorder = recordEvents(uploader, ['chunk-upload-retry']);

    uploader.add([file]);
    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    recorder.stop();

    const [retry] = recorder.events.map((event) => event.detail as UploaderEventMap['chunk-upload-retry']['detail']);
    expect(retry?.error.kind).to.equal('throttled');
    expect(retry?.delayMs).to.be.at.least(1500);
  });

  it('fails at once on signerFailure(403), and on a bug in the page (a TypeError that is not a fetch)', async () => {
    for (const failure of [() => signerFailure(403, 'Forbidden'), () => new TypeError('undefined is not a function')]) {
      const prefix = uniquePrefix('signer-denied');
      const signer = await flakySigner('initiate', 99, failure);
      const uploader = await engineFor(createOssProtocol(), prefix, { signer, endpoint: undefined });
      const recorder = recordEvents(uploader, ['chunk-upload-retry', 'chunk-upload-error']);

      uploader.add([testFile(10 * KiB, { seed: 123 })]);
      expect(await queueDone(uploader)).to.deep.equal({ succeeded: 0, failed: 1, canceled: 0 });
      recorder.stop();

      expect(recorder.events.map((event) => event.name)).to.deep.equal(['chunk-upload-error']);
    }
  });
});
