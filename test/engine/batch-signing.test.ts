import { expect } from '@esm-bundle/chai';
import type { SignRequest } from '../../src/contracts/signer.js';
import type { Protocol } from '../../src/contracts/protocol.js';
import { createOssProtocol as oss } from '../../src/protocols/oss.js';
import { createQingStorProtocol as qingstor } from '../../src/protocols/qingstor.js';
import { createS3Protocol } from '../../src/protocols/s3.js';
import { countingSigner } from '../helpers/counting-signer.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { KiB, MiB, md5Hex, testFile } from '../helpers/files.js';
import { addFault, requestsSeen, serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

type PartsRequest = SignRequest & { readonly parts: readonly { readonly partNumber: number; readonly contentMd5?: string }[] };

const LANES = 4;
/** What the engine asks one `parts` call for at 4 lanes: max(2 × lanes, 8). */
const BATCH = 8;

interface BatchCase {
  readonly target: () => Protocol;
  readonly route: string;
  readonly partSize: number;
  readonly parts: number;
  read(key: string): Promise<string | undefined>;
}

/**
 * Each presigned-part target at its smallest part size, so 40 parts stay small: S3 goes to
 * s3rver, a third-party S3 that does not enforce S3's 5 MiB minimum (our emulator does, and
 * 40 parts of 5 MiB would be 200 MiB), with the adapter's limit lowered to match. QingStor's
 * emulator enforces its 4 MiB minimum too and has no stand-in: 10 parts (40 MiB, about 7 s
 * here; 40 parts took 28 s), still more than one batch.
 */
const CASES: readonly BatchCase[] = [
  { target: oss, route: 'oss', partSize: 100 * KiB, parts: 40, read: async (key) => (await storedObject('oss', key))?.md5 },
  { target: () => lowered(createS3Protocol(), 64 * KiB), route: 's3rver', partSize: 64 * KiB, parts: 40, read: readFromS3rver },
  { target: qingstor, route: 'qingstor', partSize: 4 * MiB, parts: 10, read: async (key) => (await storedObject('qingstor', key))?.md5 },
];

function lowered(protocol: Protocol, minPartSize: number): Protocol {
  return { ...protocol, limits: { ...protocol.limits, minPartSize } };
}

async function readFromS3rver(key: string): Promise<string | undefined> {
  const response = await fetch(`${(await serverUrls()).s3rverBucket}/${encodeURI(key)}`);
  return response.ok ? md5Hex(new Blob([await response.arrayBuffer()])) : undefined;
}

describe('Uploader · part URLs signed many at a time (`parts`)', () => {
  for (const { target, route, partSize, parts, read } of CASES) {
    const name = target().name;

    it(`${name}: a ${parts}-part upload makes ceil(${parts} / batch) + 2 signer calls, each part's MD5 signed`, async () => {
      const prefix = uniquePrefix(`batch-${name}`);
      const { signer, seen } = await countingSigner(route);
      const uploader = await engineFor(target(), prefix, { signer, endpoint: undefined, partSize, concurrency: LANES });
      const file = testFile(partSize * (parts - 1) + 777, { seed: 1621, name: 'forty.bin' });

      uploader.add([file]);

      expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
      const batches = Math.ceil(parts / BATCH);
      expect(seen.map((request) => request.op)).to.deep.equal(['initiate', ...Array<string>(batches).fill('parts'), 'complete']);
      expect(seen.length).to.be.at.most(Math.ceil(parts / BATCH) + 2);
      const signed = seen.filter((request): request is PartsRequest => request.op === 'parts').flatMap((request) => request.parts);
      expect(signed.map((part) => part.partNumber)).to.deep.equal(Array.from({ length: parts }, (_, i) => i + target().limits.firstPartNumber));
      expect(signed.every((part) => typeof part.contentMd5 === 'string'), 'every URL is bound to its MD5').to.equal(true);
      expect(await read(`${prefix}${file.name}`)).to.equal(await md5Hex(file));
    });
  }

  it('oss: with integrity off, the first part URLs come with initiate: ceil(40 / batch) + 1 signer calls', async () => {
    const prefix = uniquePrefix('batch-initiate');
    const { signer, seen } = await countingSigner('oss');
    const uploader = await engineFor(oss(), prefix, { signer, endpoint: undefined, partSize: 100 * KiB, concurrency: LANES, integrity: false });
    const file = testFile(39 * 100 * KiB + 777, { seed: 1625, name: 'forty.bin' });

    uploader.add([file]);

    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect(seen.map((request) => request.op)).to.deep.equal(['initiate', ...Array<string>(Math.ceil(40 / BATCH) - 1).fill('parts'), 'complete']);
    const first = (seen[0] as PartsRequest).parts.map((part) => part.partNumber);
    expect(first).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('signs a part again when the service calls its batch URL expired, and finishes', async () => {
    const prefix = uniquePrefix('batch-expired');
    await addFault('oss', { op: 'UploadPart', action: 'expire', keyPrefix: prefix, nth: [3] });
    const { signer, seen } = await countingSigner('oss');
    const uploader = await engineFor(oss(), prefix, { signer, endpoint: undefined, partSize: 100 * KiB, concurrency: LANES });
    const file = testFile(12 * 100 * KiB + 5, { seed: 1622, name: 'expired.bin' });

    uploader.add([file]);

    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    const refused = (await requestsSeen('oss', { keyPrefix: prefix })).filter((request) => request.fault === 'expire');
    expect(refused.length, 'expired answers').to.equal(1);
    const ops = seen.map((request) => request.op);
    // The refused part is signed again on its own; the grants signed with it are dropped and
    // asked for again in a batch.
    expect(ops.filter((op) => op === 'part')).to.have.length(1);
    expect(ops.length).to.be.at.most(Math.ceil(13 / BATCH) + 2 + 2);
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('falls back to one `part` call per part, once per engine, when the signer has no `parts`', async () => {
    const prefix = uniquePrefix('batch-fallback');
    const { signer, seen } = await countingSigner('oss', { op: 'parts', by: 'nothing' });
    const uploader = await engineFor(oss(), prefix, { signer, endpoint: undefined, partSize: 100 * KiB, concurrency: LANES });
    const first = testFile(3 * 100 * KiB + 1, { seed: 1623, name: 'first.bin' });
    const second = testFile(2 * 100 * KiB + 2, { seed: 1624, name: 'second.bin' });

    uploader.add([first]);
    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    uploader.add([second]);
    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 2, failed: 0, canceled: 0 });

    expect(seen.map((request) => request.op)).to.deep.equal(['initiate', 'parts', 'part', 'part', 'part', 'part', 'complete', 'initiate', 'part', 'part', 'part', 'complete']);
    expect((await storedObject('oss', `${prefix}first.bin`))?.md5).to.equal(await md5Hex(first));
    expect((await storedObject('oss', `${prefix}second.bin`))?.md5).to.equal(await md5Hex(second));
  });
});
