import { expect } from '@esm-bundle/chai';
import { createHttpSigner } from '../../src/core/http-signer.js';
import { partAt } from '../../src/core/planner.js';
import { HashPool } from '../../src/hash/hash-pool.js';
import type { Io, PartRecord, Protocol, Session } from '../../src/contracts/protocol.js';
import { createQingStorProtocol, QINGSTOR_LIMITS } from '../../src/protocols/qingstor.js';
import type { FileInfo } from '../../src/contracts/signer.js';
import { XhrTransport } from '../../src/transport/xhr-transport.js';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { addFault, clearFaults, serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';
import { testCredentials } from '../helpers/targets.js';

const PART = 4 * MiB;

/**
 * What the journal's resume (the lead's "reload half-way" case) needs from the adapter, checked
 * on the adapter itself: a plain-JSON session a fresh adapter takes over, the storage's list
 * (part 0 included) and parts recognised by MD5 when their record is gone.
 */
describe('qingstor adapter · ready for resume from the storage\'s list', () => {
  const pool = new HashPool({ size: 1 });
  const signal = new AbortController().signal;

  const ioFor = async (file: File): Promise<Io> => {
    const transport = new XhrTransport();
    return {
      signal,
      transport,
      sign: createHttpSigner(`${(await serverUrls()).signer}/qingstor`, transport),
      hasher: pool.forFile(file),
      integrity: true,
      timeouts: { requestMs: 120_000, stallMs: 20_000 },
      credentials: testCredentials(),
    };
  };

  const infoOf = (file: File, key: string): FileInfo => ({ name: file.name, size: file.size, type: file.type, lastModified: file.lastModified, key });

  const send = async (protocol: Protocol, session: Session, file: File, index: number, io: Io): Promise<PartRecord> => {
    const planned = partAt(index, file.size, PART, QINGSTOR_LIMITS);
    const digests = await io.hasher.range(planned.start, planned.end, protocol.partDigests, signal);
    return protocol.sendPart(session, { ...planned, digests }, file.slice(planned.start, planned.end), io);
  };

  afterEach(() => clearFaults('qingstor'));
  after(() => pool.terminate());

  it('lets a fresh adapter take over a journaled session, list parts from 0 and keep them by MD5', async () => {
    const prefix = uniquePrefix('qingstor-resume');
    const file = testFile(2 * PART + 10, { seed: 51 });
    const key = `${prefix}${file.name}`;
    const io = await ioFor(file);
    const original = createQingStorProtocol();
    const session = await original.begin(infoOf(file, key), PART, undefined, io);
    await send(original, session, file, 0, io);
    await send(original, session, file, 1, io);
    const journaled = JSON.parse(JSON.stringify(session)) as Session;

    const fresh = createQingStorProtocol();
    const resumed = await fresh.begin(infoOf(file, key), PART, journaled, io);
    const listed = (await fresh.uploaded!(resumed, io)) ?? [];
    const local = await io.hasher.range(0, PART, fresh.listedDigests ?? [], signal);
    const other = await io.hasher.range(PART, 2 * PART, fresh.listedDigests ?? [], signal);
    const last = await send(fresh, resumed, file, 2, io);
    const result = await fresh.complete(resumed, [...listed, last], io);

    expect(journaled).to.deep.equal(session);
    expect(JSON.stringify(session)).to.not.match(/signature=|https?:/);
    expect(listed.map((part) => [part.number, part.size])).to.deep.equal([[0, PART], [1, PART]]);
    expect(fresh.verifyListed!(listed[0]!, local), 'part 0 holds the local bytes').to.equal(true);
    expect(fresh.verifyListed!(listed[0]!, other), 'part 0 does not hold part 1\'s bytes').to.equal(false);
    expect(result.key).to.equal(key);
    const stored = await storedObject('qingstor', key);
    expect(stored?.md5).to.equal(await md5Hex(file));
  });

  it('answers null from uploaded() when the storage has forgotten the upload, so the engine starts over', async () => {
    const prefix = uniquePrefix('qingstor-resume-gone');
    const file = testFile(PART + 1, { seed: 52 });
    const key = `${prefix}${file.name}`;
    const io = await ioFor(file);
    const protocol = createQingStorProtocol();
    const session = await protocol.begin(infoOf(file, key), PART, undefined, io);
    await send(protocol, session, file, 0, io);
    await addFault('qingstor', { op: 'ListMultipart', action: 'forget-session', keyPrefix: prefix });

    const listed = await protocol.uploaded!(session, io);

    expect(listed).to.equal(null);
  });
});
