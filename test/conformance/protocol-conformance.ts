import { expect } from '@esm-bundle/chai';
import type { Uploader } from '../../src/core/uploader.js';
import type { UploaderEventMap } from '../../src/core/events.js';
import type { UploaderOptions } from '../../src/core/options.js';
import type { Target } from '../../src/contracts/target.js';
import type { SignRequest } from '../../src/contracts/signer.js';
import { createHttpSigner } from '../../src/core/http-signer.js';
import { XhrTransport } from '../../src/transport/xhr-transport.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { nextEvent } from '../helpers/events.js';
import { md5Hex, testFile } from '../helpers/files.js';
import {
  addFault,
  clearFaults,
  configure,
  openUploads,
  partsAccepted,
  requestsSeen,
  serverSettled,
  serverUrls,
  storedObject,
  uniquePrefix,
} from '../helpers/servers.js';

/**
 * One behaviour suite for every storage target (STYLE 8.11 rule 6): sizes, server failures,
 * resets, stalls, expired and tampered credentials, pause and resume, cancel. Every upload
 * ends by comparing the stored object's MD5 with the file's.
 */
export interface ConformanceConfig {
  /** The target under test; its name is the signer route and the emulator's control name. */
  readonly target: () => Target;
  /** Emulator operations that carry part bytes (faults are aimed at these). Default: the target's `demo.partOps`. */
  readonly partOps?: readonly string[];
  /** Part size the multi-part tests plan with. */
  readonly partSize: number;
  /** Sizes uploaded together in the first test. */
  readonly sizes: readonly number[];
  /** A file of several parts for fault tests. */
  readonly faultSize: number;
  /** A file of many parts for the reload test, and the part size it is sent in. */
  readonly resumeSize: number;
  readonly resumePartSize: number;
  /** Whether cancel can remove the server-side session (an abort operation exists). */
  readonly abortable: boolean;
  /** Returns the signer's answer with its signature spoiled. */
  tamper(answer: unknown, request: SignRequest): unknown;
  /** Lifetime setting name of the target's credential at the signer (`ttlSeconds`). */
  readonly signerTarget: string;
  /**
   * The server keeps no list of parts (Qiniu v1): a part whose answer the pause cut off after the
   * server took it cannot be found again, so it may be sent a second time, at most once per lane.
   */
  readonly unlistedParts?: boolean;
  /**
   * Body bytes around each part's payload (COS v4 sends a slice inside a multipart form). The
   * emulator counts whole bodies, so the resend bound allows this much per part request.
   */
  readonly partFramingBytes?: number;
}

interface ConformanceTarget extends ConformanceConfig {
  readonly name: string;
  readonly partOps: readonly string[];
}

async function expectStored(target: ConformanceTarget, key: string, file: File): Promise<void> {
  const stored = await storedObject(target.name, key);
  expect(stored, `object ${key}`).to.not.equal(null);
  expect(stored!.size, `size of ${key}`).to.equal(file.size);
  expect(stored!.md5, `MD5 of ${key}`).to.equal(await md5Hex(file));
}

function faultsOnParts(target: ConformanceTarget, prefix: string, rule: Omit<Parameters<typeof addFault>[1], 'op'>): Promise<number[]> {
  return Promise.all(target.partOps.map((op) => addFault(target.name, { ...rule, op, keyPrefix: prefix })));
}

/** The target's tamper on a `part` answer, and on each part of a `parts` (batch) answer. */
function tamperEach(target: ConformanceTarget, answer: unknown, request: SignRequest): unknown {
  const batch = (answer as { parts?: unknown } | null)?.parts;
  if (request.op !== 'parts' || !Array.isArray(batch)) return target.tamper(answer, request);
  return { parts: batch.map((part: unknown) => target.tamper(part, { ...request, op: 'part' })) };
}

async function uploadOne(uploader: Uploader, file: File): Promise<void> {
  const errors: string[] = [];
  uploader.addEventListener('chunk-upload-error', (event) => {
    const { error } = (event as UploaderEventMap['chunk-upload-error']).detail;
    errors.push(`${error.kind}/${error.code ?? ''}: ${error.message}`);
  });
  uploader.add([file]);
  const summary = await queueDone(uploader);
  expect(summary, `queue summary (errors: ${errors.join('; ') || 'none'})`).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
}

export function runProtocolConformance(config: ConformanceConfig): void {
  const sample = config.target();
  const target: ConformanceTarget = { ...config, name: sample.name, partOps: config.partOps ?? sample.demo?.partOps ?? [] };
  const engine = (prefix: string, options: Partial<UploaderOptions> = {}): Promise<Uploader> =>
    engineFor(target.target(), prefix, { partSize: target.partSize, ...options });

  describe(`${target.name} conformance`, () => {
    afterEach(async () => {
      await clearFaults(target.name);
      await configure(target.signerTarget, { ttlSeconds: 900 });
    });

    it(`uploads files of ${target.sizes.join(', ')} bytes added together`, async () => {
      const prefix = uniquePrefix(`${target.name}-sizes`);
      const files = target.sizes.map((size, i) => testFile(size, { seed: 11 + i }));
      const uploader = await engine(prefix);

      uploader.add(files);
      const summary = await queueDone(uploader);

      expect(summary).to.deep.equal({ succeeded: files.length, failed: 0, canceled: 0 });
      for (const file of files) await expectStored(target, `${prefix}${file.name}`, file);
    });

    it('completes when 30 % of part requests fail with 500', async () => {
      const prefix = uniquePrefix(`${target.name}-500`);
      const file = testFile(target.faultSize, { seed: 21 });
      await faultsOnParts(target, prefix, { action: 'status', status: 500, body: 'injected', probability: 0.3, seed: 7 });
      const uploader = await engine(prefix);

      await uploadOne(uploader, file);

      const failed = (await requestsSeen(target.name, { keyPrefix: prefix })).filter((r) => r.status === 500);
      expect(failed.length, 'injected failures').to.be.greaterThan(0);
      await expectStored(target, `${prefix}${file.name}`, file);
    });

    it('completes when part connections are reset mid-body', async () => {
      const prefix = uniquePrefix(`${target.name}-reset`);
      const file = testFile(target.faultSize, { seed: 22 });
      await faultsOnParts(target, prefix, { action: 'reset', probability: 0.3, seed: 3, afterBytes: 64 * 1024 });
      const uploader = await engine(prefix);

      await uploadOne(uploader, file);

      await expectStored(target, `${prefix}${file.name}`, file);
    });

    it('aborts a stalled part request after the stall timeout (or the response window) and retries it', async () => {
      const prefix = uniquePrefix(`${target.name}-stall`);
      const file = testFile(target.faultSize, { seed: 23 });
      await faultsOnParts(target, prefix, { action: 'stall', nth: [2], afterBytes: 16 * 1024 });
      // A server that stops reading looks, on loopback, like a body taken whole into socket
      // buffers and an answer that does not come: then the response window catches it.
      const uploader = await engine(prefix, { stallTimeoutMs: 1500, responseTimeoutMs: 3000 });
      const stalled = nextEvent<UploaderEventMap['chunk-upload-retry']>(uploader, 'chunk-upload-retry', (e) =>
        ['stalled', 'response-timeout'].includes(e.detail.error.code ?? ''),
      );

      await uploadOne(uploader, file);

      expect((await stalled).detail.error.kind).to.equal('timeout');
      await expectStored(target, `${prefix}${file.name}`, file);
    });

    it('signs again when a credential expires mid-upload, without spending retries', async () => {
      const prefix = uniquePrefix(`${target.name}-expire`);
      const file = testFile(target.faultSize, { seed: 24 });
      await faultsOnParts(target, prefix, { action: 'expire', nth: [2, 3] });
      // Retries stay on: a machine under load may time a request out, which is not what this
      // test is about. What it is about: no expired credential is ever counted as a retry.
      const uploader = await engine(prefix);
      const retriedKinds: string[] = [];
      uploader.addEventListener('chunk-upload-retry', (event) => {
        retriedKinds.push((event as UploaderEventMap['chunk-upload-retry']).detail.error.kind);
      });

      await uploadOne(uploader, file);

      expect(retriedKinds, 'retries spent on expired credentials').to.not.include('expired-credential');
      expect(retriedKinds, 'retries spent on expired credentials').to.not.include('auth');
      const refused = (await requestsSeen(target.name, { keyPrefix: prefix })).filter((r) => r.fault === 'expire');
      expect(refused.length, 'expired answers').to.equal(2 * target.partOps.length);
      await expectStored(target, `${prefix}${file.name}`, file);
    });

    it('signs again when a real short-lived credential runs out while a request waits', async () => {
      const prefix = uniquePrefix(`${target.name}-ttl`);
      const file = testFile(target.faultSize, { seed: 25 });
      // Two seconds, not one: on a loaded machine a fresh one-second credential could run out on
      // its way to the storage, again and again, which is not what this test is about.
      await configure(target.signerTarget, { ttlSeconds: 2 });
      // The server holds the second part request for 3.5 s before checking its signature.
      await faultsOnParts(target, prefix, { action: 'delay', nth: [2], delayMs: 3500 });
      const uploader = await engine(prefix, { retry: { retries: 0 } });

      await uploadOne(uploader, file);

      const denied = (await requestsSeen(target.name, { keyPrefix: prefix })).filter((r) => r.status === 401 || r.status === 403);
      expect(denied.length, 'expired credential refused').to.be.greaterThan(0);
      await expectStored(target, `${prefix}${file.name}`, file);
    });

    it('fails with a typed, terminal auth error when the signature was tampered with', async () => {
      const prefix = uniquePrefix(`${target.name}-tamper`);
      const file = testFile(target.faultSize, { seed: 26 });
      const urls = await serverUrls();
      const honest = createHttpSigner(`${urls.signer}/${target.name}`, new XhrTransport());
      const uploader = await engine(prefix, {
        signer: async (request, options) => tamperEach(target, await honest(request, options), request),
      });

      uploader.add([file]);
      const failed = await nextEvent<UploaderEventMap['chunk-upload-error']>(uploader, 'chunk-upload-error');

      expect(failed.detail.error.kind).to.equal('auth');
      expect(failed.detail.error.message).to.match(/^chunk-uploader: /);
      expect(failed.detail.error.message).to.not.match(/Signature=|sign=|UpToken [^[]/);
      expect(await storedObject(target.name, `${prefix}${file.name}`)).to.equal(null);
    });

    it('sends nothing while paused and only the missing parts after resume', async () => {
      const prefix = uniquePrefix(`${target.name}-pause`);
      const file = testFile(target.faultSize, { seed: 27 });
      await faultsOnParts(target, prefix, { action: 'delay', delayMs: 200 });
      const uploader = await engine(prefix, { concurrency: 2 });
      const firstPart = nextEvent(uploader, 'chunk-part-complete');

      uploader.add([file]);
      await firstPart;
      uploader.pause();
      const atPause = (await requestsSeen(target.name, { keyPrefix: prefix })).length;
      await new Promise((resolve) => setTimeout(resolve, 1000)); // a quiet window to observe
      const whilePaused = (await requestsSeen(target.name, { keyPrefix: prefix })).length;
      // A part cut off by the pause may still be stored by the server; resume after it decided.
      await serverSettled(target.name, prefix);
      uploader.resume();
      const summary = await queueDone(uploader);

      expect(whilePaused, 'requests while paused').to.equal(atPause);
      expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
      const twice = (await partsAccepted(target.name, prefix)).filter((part) => part.count > 1);
      if (target.unlistedParts === true) {
        expect(twice.length, 'parts accepted twice (one per other lane at most)').to.be.at.most(1);
        expect(twice.every((part) => part.count === 2), 'no part accepted three times').to.equal(true);
      } else {
        expect(twice, 'parts accepted twice').to.deep.equal([]);
      }
      await expectStored(target, `${prefix}${file.name}`, file);
    });

    it('resumes after a reload half-way from the server\'s list, sending again at most lanes × part size', async () => {
      const prefix = uniquePrefix(`${target.name}-reload`);
      const journalName = `journal-${prefix.replace(/\W/g, '')}`;
      const file = testFile(target.resumeSize, { seed: 29 });
      const lanes = 2;
      await faultsOnParts(target, prefix, { action: 'delay', delayMs: 100 });
      const first = await engine(prefix, { concurrency: lanes, journalName, partSize: target.resumePartSize });
      let acknowledged = 0;
      first.addEventListener('chunk-part-complete', () => (acknowledged += 1));
      const halfWay = nextEvent(first, 'chunk-upload-progress', () => first.tasks[0]!.loaded >= file.size / 2);

      first.add([file]);
      await halfWay;
      await first.destroy();
      const second = await engine(prefix, { concurrency: lanes, journalName, partSize: target.resumePartSize });
      second.add([file]);
      const summary = await queueDone(second);

      expect(acknowledged, 'parts acknowledged before the reload').to.be.greaterThan(0);
      expect(summary).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
      expect(second.tasks[0]?.resumed, 'took over the journaled session').to.equal(true);
      const partRequests = (await requestsSeen(target.name, { keyPrefix: prefix })).filter((r) => target.partOps.includes(r.op));
      const partBytes = partRequests.reduce((sum, r) => sum + r.bytesIn, 0);
      const framing = partRequests.length * (target.partFramingBytes ?? 0);
      expect(partBytes - file.size, 'bytes sent again').to.be.at.most(lanes * target.resumePartSize + framing);
      await expectStored(target, `${prefix}${file.name}`, file);
    });

    if (target.abortable) {
      it('cancel aborts the server-side upload and leaves no parts behind', async () => {
        const prefix = uniquePrefix(`${target.name}-cancel`);
        const file = testFile(target.faultSize, { seed: 28 });
        // The first part request goes through; every later one is held until the cancel. A
        // later part the server was still storing at the cancel could land after the abort,
        // and on Azure, which has no upload to abort, it would stay (as on Azure itself).
        const later = Array.from({ length: 100 }, (_, i) => i + 2);
        await faultsOnParts(target, prefix, { action: 'delay', delayMs: 5000, nth: later });
        const uploader = await engine(prefix, { concurrency: 2 });
        const firstPart = nextEvent(uploader, 'chunk-part-complete');

        uploader.add([file]);
        await firstPart;
        await uploader.cancel();

        expect(uploader.tasks[0]?.state).to.equal('canceled');
        expect(await openUploads(target.name, prefix)).to.deep.equal([]);
        expect(await storedObject(target.name, `${prefix}${file.name}`)).to.equal(null);
      });
    }
  });
}
