import { expect } from '@esm-bundle/chai';
import { createHttpSigner } from '../../src/core/http-signer.js';
import { HashPool } from '../../src/hash/hash-pool.js';
import type { JsonValue } from '../../src/contracts/json.js';
import type { Io, PlannedPart } from '../../src/contracts/protocol.js';
import { createQiniuProtocol, QINIU_BLOCK_SIZE } from '../../src/protocols/qiniu.js';
import { XhrTransport } from '../../src/transport/xhr-transport.js';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { qetag } from '../helpers/qetag.js';
import { requestsSeen, serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';
import { testCredentials } from '../helpers/targets.js';

/**
 * The adapter's side of resume after a reload, without the journal: what it hands to
 * `io.checkpoint` for a half-sent block and to the PartRecord for a finished one is enough for a
 * fresh adapter (new page, empty memory) to continue the block from its last ctx.
 */
describe('qiniu adapter · continuing a half-sent block after a reload', () => {
  const pool = new HashPool({ size: 1 });
  after(() => pool.terminate());

  async function ioFor(file: File, signal: AbortSignal, checkpoints: JsonValue[] = []): Promise<Io> {
    const urls = await serverUrls();
    const transport = new XhrTransport();
    return {
      signal,
      transport,
      sign: createHttpSigner(`${urls.signer}/qiniu`, transport),
      hasher: pool.forFile(file),
      integrity: true,
      timeouts: { requestMs: 60_000, stallMs: 20_000 },
      credentials: testCredentials(),
      checkpoint: (state) => checkpoints.push(state),
    };
  }

  it('sends only the chunks after the journaled ctx, then assembles the file', async () => {
    const prefix = uniquePrefix('qiniu-reload');
    const file = testFile(QINIU_BLOCK_SIZE + 3, { seed: 61 });
    const key = `${prefix}${file.name}`;
    const info = { name: file.name, size: file.size, type: file.type, lastModified: file.lastModified, key };
    const block: PlannedPart = { index: 0, number: 1, start: 0, end: QINIU_BLOCK_SIZE };
    const tail: PlannedPart = { index: 1, number: 2, start: QINIU_BLOCK_SIZE, end: file.size };
    const checkpoints: JsonValue[] = [];
    const before = createQiniuProtocol({ chunkSize: 1 * MiB });
    const controller = new AbortController();
    const io = await ioFor(file, controller.signal, checkpoints);
    const session = await before.begin(info, QINIU_BLOCK_SIZE, undefined, io);
    const tailRecord = await before.sendPart(session, tail, file.slice(tail.start, tail.end), io);
    const cut = before.sendPart(session, block, file.slice(0, QINIU_BLOCK_SIZE), {
      ...io,
      // The tab closes once two chunks of the block are on the server.
      checkpoint: (state) => {
        checkpoints.push(state);
        if (checkpoints.length === 2) controller.abort();
      },
    });
    await cut.then(
      () => expect.fail('the block should have been cut off'),
      () => undefined,
    );

    const after = createQiniuProtocol({ chunkSize: 1 * MiB });
    const io2 = await ioFor(file, new AbortController().signal);
    const resumedSession = await after.begin(info, QINIU_BLOCK_SIZE, JSON.parse(JSON.stringify(session)), io2);
    const journaledTail = JSON.parse(JSON.stringify(tailRecord));
    const sentBefore = (await requestsSeen('qiniu', { keyPrefix: prefix })).length;
    const blockRecord = await after.sendPart(resumedSession, { ...block, checkpoint: checkpoints[1]! }, file.slice(0, QINIU_BLOCK_SIZE), io2);
    const result = await after.complete(resumedSession, [blockRecord, journaledTail], io2);

    const resumed = (await requestsSeen('qiniu', { keyPrefix: prefix })).slice(sentBefore);
    expect(after.isRecordUsable?.(journaledTail, Date.now()), 'the finished block is still usable').to.equal(true);
    expect(resumed.map((r) => `${r.op} ${r.path.replace(/\/bput\/[^/]+\//, '/bput/…/')}`)).to.deep.equal([
      `bput /bput/…/${2 * MiB}`,
      `bput /bput/…/${3 * MiB}`,
      `mkfile ${resumed.at(-1)!.path}`,
    ]);
    expect(result.key).to.equal(key);
    const stored = await storedObject('qiniu', key);
    expect(stored!.md5).to.equal(await md5Hex(file));
    expect(stored!.etag).to.equal(await qetag(file));
  });
});
