import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import type { Protocol } from '../../src/contracts/protocol.js';
import type { SignRequest, Signer } from '../../src/contracts/signer.js';
import { createHttpSigner } from '../../src/core/http-signer.js';
import { createAzureProtocol } from '../../src/protocols/azure.js';
import { createCosV4Protocol } from '../../src/protocols/cos-v4.js';
import { createOssProtocol } from '../../src/protocols/oss.js';
import { createQingStorProtocol } from '../../src/protocols/qingstor.js';
import { createQiniuV2Protocol } from '../../src/protocols/qiniu-v2.js';
import { createQiniuProtocol } from '../../src/protocols/qiniu.js';
import { createS3Protocol } from '../../src/protocols/s3.js';
import { XhrTransport } from '../../src/transport/xhr-transport.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { KiB, MiB, md5Hex, testFile } from '../helpers/files.js';
import { serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

/**
 * Issue 11 point 4: a browser whose clock is 2 h ahead or 2 h behind uploads to every target,
 * asking the signer no more often than with the right clock: every expiry is judged in server
 * time (the signer's Date header), never by the page's Date.now().
 */
interface ClockCase {
  readonly name: string;
  protocol(): Protocol;
  readonly size: number;
  readonly partSize?: number;
}

const CASES: readonly ClockCase[] = [
  { name: 'oss', protocol: createOssProtocol, size: 250 * KiB, partSize: 100 * KiB },
  { name: 's3', protocol: () => createS3Protocol(), size: 200 * KiB },
  { name: 'qingstor', protocol: createQingStorProtocol, size: 200 * KiB },
  // Blocks in 64 KiB chunks: the token serves each chunk request, so a token judged expired shows.
  { name: 'qiniu', protocol: () => createQiniuProtocol({ formUpload: false, chunkSize: 64 * KiB }), size: 300 * KiB },
  { name: 'qiniu-v2', protocol: () => createQiniuV2Protocol(), size: 2 * MiB + 5, partSize: MiB },
  // Three slices, each with the one cached signature.
  { name: 'cos-v4', protocol: () => createCosV4Protocol(), size: 2 * MiB + 5 },
  { name: 'azure', protocol: createAzureProtocol, size: 300 * KiB, partSize: 100 * KiB },
];

const HOUR = 3600_000;

async function setPageClock(offsetMs: number): Promise<void> {
  const realNow = (await executeServerCommand('page-probe', { cmd: 'clock-offset', offsetMs })) as number;
  expect(Date.now() - realNow, 'how far off the page clock is').to.be.closeTo(offsetMs, 60_000);
}

async function countingSigner(name: string): Promise<{ readonly signer: Signer; readonly calls: () => Record<string, number> }> {
  const honest = createHttpSigner(`${(await serverUrls()).signer}/${name}`, new XhrTransport());
  const seen: SignRequest[] = [];
  return {
    signer: (request, options) => {
      seen.push(request);
      return honest(request, options);
    },
    calls: () => seen.reduce<Record<string, number>>((count, { op }) => ({ ...count, [op]: (count[op] ?? 0) + 1 }), {}),
  };
}

async function uploadOnce(target: ClockCase, label: string, seed: number): Promise<Record<string, number>> {
  const prefix = uniquePrefix(`clock-${label}-${target.name}`);
  const file = testFile(target.size, { seed });
  const { signer, calls } = await countingSigner(target.name);
  const uploader = await engineFor(target.protocol(), prefix, { signer, persist: false, ...(target.partSize === undefined ? {} : { partSize: target.partSize }) });
  uploader.add([file]);
  expect(await queueDone(uploader, 60_000), `${target.name} with the clock ${label}`).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
  const key = uploader.tasks[0]?.key ?? `${prefix}${file.name}`;
  expect((await storedObject(target.name, key))?.md5, `MD5 at ${key}`).to.equal(await md5Hex(file));
  return calls();
}

describe('clocks · a browser clock 2 h off', () => {
  after(() => setPageClock(0));

  for (const target of CASES) {
    it(`${target.name}: uploads with the clock 2 h ahead and 2 h behind, with the signer calls of the right clock`, async () => {
      await setPageClock(0);
      const right = await uploadOnce(target, 'right', 1131);
      await setPageClock(2 * HOUR);
      const ahead = await uploadOnce(target, 'ahead', 1132);
      await setPageClock(-2 * HOUR);
      const behind = await uploadOnce(target, 'behind', 1133);
      await setPageClock(0);

      expect(ahead, 'signer calls, clock ahead').to.deep.equal(right);
      expect(behind, 'signer calls, clock behind').to.deep.equal(right);
    });
  }
});
