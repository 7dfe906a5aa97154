import { expect } from '@esm-bundle/chai';
import type { Io, PlannedPart, Session } from '../../src/contracts/protocol.js';
import type { FileInfo } from '../../src/contracts/signer.js';
import type { UploaderEventMap } from '../../src/core/events.js';
import { createHttpSigner } from '../../src/core/http-signer.js';
import type { Uploader } from '../../src/core/uploader.js';
import { HashPool } from '../../src/hash/hash-pool.js';
import { createCosV4Protocol } from '../../src/protocols/cos-v4.js';
import { XhrTransport } from '../../src/transport/xhr-transport.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { nextEvent } from '../helpers/events.js';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { addFault, clearFaults, serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';
import { testCredentials } from '../helpers/targets.js';

/**
 * Issue 11 point 11: COS v4 keeps one unfinished upload per key and has no abort. Another file's
 * unfinished upload at the key (-4020) ends in a terminal error that says what to do; behind the
 * server package's default key policy (a random id in every key, route `cos-v4-default-key`) a
 * changed file gets a key of its own and never meets its old session.
 */
const SIZE = 2 * MiB + 5;

async function engine(prefix: string, route: 'cos-v4' | 'cos-v4-default-key'): Promise<Uploader> {
  return engineFor(createCosV4Protocol(), prefix, { endpoint: `${(await serverUrls()).signer}/${route}`, persist: false });
}

/** The first file's upload, left unfinished: one slice stored, then paused. */
async function unfinished(prefix: string, route: 'cos-v4' | 'cos-v4-default-key', file: File): Promise<Uploader> {
  await addFault('cos-v4', { op: 'upload_slice_data', action: 'delay', delayMs: 150 });
  const holder = await engine(prefix, route);
  const sliceStored = nextEvent(holder, 'chunk-part-complete');
  holder.add([file]);
  await sliceStored;
  holder.pause();
  await clearFaults('cos-v4');
  return holder;
}

async function expectStored(key: string | undefined, file: File): Promise<void> {
  expect(key, 'the stored key').to.be.a('string');
  expect((await storedObject('cos-v4', key!))?.md5, `MD5 at ${key}`).to.equal(await md5Hex(file));
}

describe('cos-v4 · a key held by another file\'s unfinished upload', () => {
  afterEach(() => clearFaults('cos-v4'));

  it('keys as the page asks: the second file ends in a terminal conflict (-4020) that says what to do', async () => {
    const prefix = uniquePrefix('cos-key-asked');
    await unfinished(prefix, 'cos-v4', testFile(SIZE, { seed: 1111, name: 'same.bin' }));
    const uploader = await engine(prefix, 'cos-v4');
    const failed = nextEvent<UploaderEventMap['chunk-upload-error']>(uploader, 'chunk-upload-error');

    uploader.add([testFile(SIZE, { seed: 1112, name: 'same.bin' })]);
    const { error } = (await failed).detail;

    expect(error).to.include({ kind: 'conflict', code: '-4020' });
    expect(error.message).to.match(/another file is being uploaded to this key .*upload under another key, or wait until the unfinished upload expires/);
    expect(await storedObject('cos-v4', `${prefix}same.bin`)).to.equal(null);
  });

  it('the default key policy: a changed file under the same name is stored under a key of its own, and the old upload still finishes', async () => {
    const prefix = uniquePrefix('cos-key-random');
    const original = testFile(SIZE, { seed: 1113, name: 'same.bin' });
    const changed = testFile(SIZE, { seed: 1114, name: 'same.bin' });
    const holder = await unfinished(prefix, 'cos-v4-default-key', original);
    const uploader = await engine(prefix, 'cos-v4-default-key');

    uploader.add([changed]);

    expect(await queueDone(uploader, 60_000)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    const [newTask] = uploader.tasks;
    const [oldTask] = holder.tasks;
    expect(newTask?.key).to.match(/^uploads\/playground\/[0-9a-f-]{36}\/same\.bin$/);
    expect(newTask?.key).to.not.equal(oldTask?.key);
    await expectStored(newTask?.key, changed);
    holder.resume();
    expect(await queueDone(holder, 60_000)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    await expectStored(holder.tasks[0]?.key, original);
  });

  it('the default key policy: a journaled session handed a changed file starts under a new key instead of the journaled one', async () => {
    const original = testFile(SIZE, { seed: 1115, name: 'doc.bin' });
    const changed = testFile(SIZE, { seed: 1116, name: 'doc.bin' });
    const pool = new HashPool({ size: 1 });
    const ioFor = async (file: File): Promise<Io> => {
      const transport = new XhrTransport();
      return {
        signal: new AbortController().signal,
        transport,
        sign: createHttpSigner(`${(await serverUrls()).signer}/cos-v4-default-key`, transport),
        hasher: pool.forFile(file),
        integrity: true,
        timeouts: { requestMs: 60_000, stallMs: 20_000 },
        credentials: testCredentials(),
      };
    };
    const info = (file: File): FileInfo => ({ name: file.name, size: file.size, type: file.type, lastModified: file.lastModified, key: 'hint/doc.bin' });
    const first = createCosV4Protocol();
    const io = await ioFor(original);
    const old = await first.begin(info(original), MiB, undefined, io);
    const slice: PlannedPart = { index: 0, number: 0, start: 0, end: old.partSize };
    await first.sendPart(old, slice, original.slice(0, old.partSize), io);
    const journaled = JSON.parse(JSON.stringify(old)) as Session;

    const after = createCosV4Protocol();
    const changedIo = await ioFor(changed);
    const session = await after.begin(info(changed), MiB, journaled, changedIo);
    const parts = [];
    for (let start = 0, number = 0; start < changed.size; start += session.partSize, number += 1) {
      const end = Math.min(start + session.partSize, changed.size);
      parts.push(await after.sendPart(session, { index: number, number, start, end }, changed.slice(start, end), changedIo));
    }
    const result = await after.complete(session, parts, changedIo);

    expect(old.key).to.match(/^uploads\/playground\//);
    expect(session.key).to.not.equal(old.key);
    expect(session.uploadId).to.not.equal(old.uploadId);
    await expectStored(result.key, changed);
    pool.terminate();
  });
});
