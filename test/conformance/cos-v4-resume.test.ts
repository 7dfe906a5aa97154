import { expect } from '@esm-bundle/chai';
import { createHttpSigner } from '../../src/core/http-signer.js';
import { HashPool } from '../../src/hash/hash-pool.js';
import { createCosV4Protocol } from '../../src/protocols/cos-v4.js';
import type { Io, PlannedPart, Protocol, Session } from '../../src/contracts/protocol.js';
import type { FileInfo } from '../../src/contracts/signer.js';
import { XhrTransport } from '../../src/transport/xhr-transport.js';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { partsAccepted, requestsSeen, serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';
import { testCredentials } from '../helpers/targets.js';

/**
 * The adapter half of resuming after a reload (protocols.md 4.2 and 6): a fresh adapter is handed
 * the session as the journal stored it and continues it from the server's list.
 */
const pool = new HashPool({ size: 1 });

async function ioFor(file: File): Promise<Io> {
  const transport = new XhrTransport();
  return {
    signal: new AbortController().signal,
    transport,
    sign: createHttpSigner(`${(await serverUrls()).signer}/cos-v4`, transport),
    hasher: pool.forFile(file),
    integrity: true,
    timeouts: { requestMs: 60_000, stallMs: 20_000 },
    credentials: testCredentials(),
  };
}

function infoOf(file: File, key: string): FileInfo {
  return { name: file.name, size: file.size, type: file.type, lastModified: file.lastModified, key };
}

function slice(session: Session, file: File, index: number): PlannedPart {
  const start = index * session.partSize;
  return { index, number: index, start, end: Math.min(start + session.partSize, file.size) };
}

async function send(protocol: Protocol, session: Session, file: File, indices: readonly number[], io: Io): Promise<void> {
  for (const index of indices) {
    const part = slice(session, file, index);
    await protocol.sendPart(session, part, file.slice(part.start, part.end), io);
  }
}

describe('cos-v4 adapter · taking over a journaled session', () => {
  it('continues the session from upload_slice_list after a reload, sending only what the server lacks', async () => {
    const prefix = uniquePrefix('cos-journal');
    const file = testFile(5 * MiB + 11, { seed: 61 });
    const key = `${prefix}${file.name}`;
    const io = await ioFor(file);
    const before = createCosV4Protocol();
    const session = await before.begin(infoOf(file, key), MiB, undefined, io);
    await send(before, session, file, [0, 1, 3], io);
    const journaled = JSON.parse(JSON.stringify(session)) as Session;

    const after = createCosV4Protocol();
    const resumed = await after.begin(infoOf(file, key), MiB, journaled, io);
    const listed = await after.uploaded!(resumed, io);
    await send(after, resumed, file, [0, 1, 2, 3, 4, 5], io);
    await after.complete(resumed, [], io);

    expect(resumed.uploadId).to.equal(session.uploadId);
    expect(listed!.map((record) => record.number)).to.deep.equal([0, 1, 3]);
    expect((await requestsSeen('cos-v4', { op: 'upload_slice_init', keyPrefix: prefix })).length, 'inits').to.equal(1);
    expect((await partsAccepted('cos-v4', prefix)).map((p) => p.count)).to.deep.equal([1, 1, 1, 1, 1, 1]);
    expect((await storedObject('cos-v4', key))?.md5).to.equal(await md5Hex(file));
  });

  it('does not reuse the session for a file whose bytes changed, and names the conflict (-4020)', async () => {
    const prefix = uniquePrefix('cos-journal-changed');
    const original = testFile(3 * MiB, { seed: 62, name: 'doc.bin' });
    const changed = testFile(3 * MiB, { seed: 63, name: 'doc.bin' });
    const key = `${prefix}doc.bin`;
    const session = await createCosV4Protocol().begin(infoOf(original, key), MiB, undefined, await ioFor(original));
    const journaled = JSON.parse(JSON.stringify(session)) as Session;

    const failure = await createCosV4Protocol()
      .begin(infoOf(changed, key), MiB, journaled, await ioFor(changed))
      .catch((error: unknown) => error);

    expect(failure).to.include({ kind: 'conflict', code: '-4020' });
    expect((await requestsSeen('cos-v4', { op: 'upload_slice_list', keyPrefix: prefix })).length, 'lists').to.equal(0);
  });

  it('keeps in the journal only plain JSON: the session id, slice size, sha and samples, and a URL without query', async () => {
    const prefix = uniquePrefix('cos-journal-shape');
    const file = testFile(4 * MiB + 1, { seed: 64 });

    const session = await createCosV4Protocol().begin(infoOf(file, `${prefix}${file.name}`), MiB, undefined, await ioFor(file));

    expect(JSON.parse(JSON.stringify(session))).to.deep.equal(session);
    expect(session.partSize).to.equal(MiB);
    expect(String(session.extra?.url)).to.not.include('?');
    // The backend's upload session token is journaled with its expiry (and dropped after it); no COS signature is.
    const { signerSession, ...rest } = session;
    expect(signerSession?.expiresAt).to.be.above(Date.now());
    expect(JSON.stringify(rest)).to.not.match(/sign/i);
    expect(Object.keys(session.extra?.samples as object)).to.deep.equal(['0-1048576', '1048576-1048576', '3145728-1048576', '4194304-1']);
  });
});
