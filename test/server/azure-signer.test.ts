import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import type { EmulatorHandle } from '../../server/emulators/shared/emulator.js';
import { SignerError } from '../../src/server/errors.js';
import { createAzureSigner } from '../../src/server/targets/azure.js';
import type { StorageHandler } from '../../src/server/targets/storage-handler.js';
import { startAzurite, type AzuriteBlob } from '../../server/third-party/azurite.js';
import { startAzuriteFaultProxy } from '../../server/third-party/azurite-fault-proxy.js';
import { decodeBlockId, encodeBlockId } from '../../src/protocols/azure/block-id.js';

type Started = { readonly key: string; readonly uploadId: string; readonly url: string; readonly expiresAt: number };

const md5 = (body: Buffer, encoding: 'hex' | 'base64'): string => createHash('md5').update(body).digest(encoding);

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SignerError, String(error));
    return { status: error.status, code: error.code };
  }
  return assert.fail('the signer answered');
}

/** Put Block as the browser sends it: the upload's SAS URL plus `comp=block&blockid=`. */
async function putBlock(sasUrl: string, blockId: string, body: Buffer, contentMd5 = md5(body, 'base64')): Promise<Response> {
  const url = `${sasUrl}&comp=block&blockid=${encodeURIComponent(blockId)}`;
  return fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { 'Content-MD5': contentMd5 } });
}

describe('Azure signer (@azure/storage-blob) and fault proxy against Azurite', () => {
  let azurite: AzuriteBlob;
  let proxy: EmulatorHandle;
  let signer: StorageHandler;
  const settings = { ttlSeconds: 600 };

  const start = async (key: string): Promise<Started> =>
    (await signer.handle('initiate', { file: { name: 'f.bin', size: 1, type: 'application/x-test' }, key })) as Started;
  const blockOf = (upload: Started, partNumber: number, body: Buffer): string =>
    encodeBlockId({ uploadId: upload.uploadId, partNumber, md5Hex: md5(body, 'hex') });

  before(async () => {
    azurite = await startAzurite();
    proxy = await startAzuriteFaultProxy(azurite);
    signer = createAzureSigner({
      accountName: azurite.accountName,
      accountKey: azurite.accountKey,
      container: azurite.container,
      serviceUrl: azurite.serviceUrl,
      publicUrl: `${proxy.url}/${azurite.accountName}`,
      ttlSeconds: () => settings.ttlSeconds,
      allowHttp: true,
    });
  });
  afterEach(async () => {
    settings.ttlSeconds = 600;
    await proxy.reset();
  });
  after(async () => {
    await proxy.close();
    await azurite.close();
  });

  it('issues one write-only SAS per upload that stages every block; the commit stores the bytes in order', async () => {
    const upload = await start('azure/whole.bin');
    const parts = [Buffer.alloc(300_000, 1), Buffer.alloc(300_000, 2), Buffer.from('tail')];
    assert.match(upload.uploadId, /^[0-9a-f]{32}$/);
    assert.match(upload.url, /[?&]sp=w(&|$)/);
    assert.ok(upload.url.startsWith(`${proxy.url}/`), 'SAS URL points at the proxy');

    const ids = parts.map((body, i) => blockOf(upload, i + 1, body));
    for (const [i, body] of parts.entries()) assert.equal((await putBlock(upload.url, ids[i]!, body)).status, 201);
    const listed = (await signer.handle('list', upload)) as { blocks: { blockId: string; size: number }[] };
    const done = (await signer.handle('complete', { ...upload, blockIds: ids, contentType: 'application/x-test', fileMd5: md5(Buffer.concat(parts), 'hex') })) as Record<string, unknown>;

    assert.deepEqual(listed.blocks.map((b) => [decodeBlockId(b.blockId)?.partNumber, b.size]).sort(), [[1, 300_000], [2, 300_000], [3, 4]]);
    assert.equal(done.size, 600_004);
    assert.equal(done.location, `${proxy.url}/${azurite.accountName}/${azurite.container}/azure/whole.bin`);
    const stored = await proxy.object('azure/whole.bin');
    assert.equal(stored?.md5, md5(Buffer.concat(parts), 'hex'));
    assert.equal(stored?.contentType, 'application/x-test');
    assert.ok([403, 404].includes((await fetch(done.location as string)).status), 'a private container: no anonymous reads');
    const props = await azurite.client.getContainerClient(azurite.container).getBlobClient('azure/whole.bin').getProperties();
    assert.equal(Buffer.from(props.contentMD5 ?? []).toString('hex'), md5(Buffer.concat(parts), 'hex'), 'whole-file MD5 stored');
  });

  it('commits again idempotently when the first commit\'s answer was lost, and lists the committed blocks', async () => {
    const upload = await start('azure/again.bin');
    const body = Buffer.from('once');
    const id = blockOf(upload, 1, body);
    await putBlock(upload.url, id, body);
    await signer.handle('complete', { ...upload, blockIds: [id] });

    const listed = (await signer.handle('list', upload)) as { blocks: { blockId: string }[] };
    await signer.handle('complete', { ...upload, blockIds: [id] });

    assert.deepEqual(listed.blocks.map((b) => b.blockId), [id]);
    assert.equal((await proxy.object('azure/again.bin'))?.md5, md5(body, 'hex'));
  });

  it('refuses to commit a block list that names blocks of another upload, out of order, or not stored', async () => {
    const upload = await start('azure/refused.bin');
    const other = await start('azure/refused.bin');
    const body = Buffer.from('x');
    const mine = blockOf(upload, 1, body);
    await putBlock(upload.url, mine, body);

    assert.deepEqual(await refusal(signer.handle('complete', { ...upload, blockIds: [blockOf(other, 1, body)] })), { status: 400, code: 'InvalidBlockId' });
    assert.deepEqual(await refusal(signer.handle('complete', { ...upload, blockIds: [blockOf(upload, 2, body)] })), { status: 400, code: 'InvalidBlockId' });
    assert.deepEqual(await refusal(signer.handle('complete', { ...upload, blockIds: [mine, blockOf(upload, 2, body)] })), {
      status: 400,
      code: 'InvalidBlockList',
    });
    assert.equal(await proxy.object('azure/refused.bin'), undefined);
  });

  it('abort drops the upload\'s uncommitted blocks and leaves no blob; it spares a committed blob and other uploads', async () => {
    const upload = await start('azure/abort.bin');
    await putBlock(upload.url, blockOf(upload, 1, Buffer.from('a')), Buffer.from('a'));
    assert.equal((await proxy.uploads()).length, 1);

    await signer.handle('abort', upload);

    assert.deepEqual(await proxy.uploads(), []);
    assert.equal(await proxy.object('azure/abort.bin'), undefined);

    const kept = await start('azure/kept.bin');
    const id = blockOf(kept, 1, Buffer.from('k'));
    await putBlock(kept.url, id, Buffer.from('k'));
    await signer.handle('complete', { ...kept, blockIds: [id] });
    const late = await start('azure/kept.bin');
    await putBlock(late.url, blockOf(late, 1, Buffer.from('l')), Buffer.from('l'));
    await signer.handle('abort', { ...kept });
    await signer.handle('abort', late);
    assert.equal((await proxy.object('azure/kept.bin'))?.md5, md5(Buffer.from('k'), 'hex'), 'committed blob kept');
  });

  it('Azurite refuses a tampered SAS, a read with the write-only SAS, and a block whose bytes do not match Content-MD5', async () => {
    const upload = await start('azure/refusals.bin');
    const body = Buffer.from('bytes');
    const tampered = upload.url.replace(/sig=[^&]+/, 'sig=AAAA');

    const badSig = await putBlock(tampered, blockOf(upload, 1, body), body);
    const read = await fetch(upload.url);
    const badMd5 = await putBlock(upload.url, blockOf(upload, 1, body), body, md5(Buffer.from('other'), 'base64'));

    assert.equal(badSig.status, 403);
    assert.equal(read.status, 403);
    assert.equal(badMd5.status, 400);
    assert.match(await badMd5.text(), /md5/i);
  });

  it('Azurite refuses a SAS after its expiry with 403 AuthorizationFailure', async () => {
    settings.ttlSeconds = 1;
    const upload = await start('azure/expired.bin');
    assert.ok(upload.expiresAt - Date.now() >= 1000 && upload.expiresAt % 1000 === 0, 'a whole second of life, on a second boundary');
    await new Promise((resolve) => setTimeout(resolve, upload.expiresAt - Date.now() + 100));

    const response = await putBlock(upload.url, blockOf(upload, 1, Buffer.from('z')), Buffer.from('z'));

    assert.equal(response.status, 403);
    assert.match(await response.text(), /<Code>AuthorizationFailure<\/Code>/);
    assert.ok(upload.expiresAt <= Date.now());
  });

  it('the proxy acts out faults: a status, Azure\'s expired-SAS answer, a corrupted byte Azurite refuses, a reset after some bytes', async () => {
    const upload = await start('azure/faults.bin');
    const body = Buffer.alloc(256 * 1024, 7);
    const id = blockOf(upload, 1, body);
    proxy.faults.add({ op: 'PutBlock', action: 'status', status: 500, body: 'injected', nth: [1] });
    proxy.faults.add({ op: 'PutBlock', action: 'expire', nth: [2] });
    proxy.faults.add({ op: 'PutBlock', action: 'corrupt', nth: [3] });
    proxy.faults.add({ op: 'PutBlock', action: 'reset', afterBytes: 1024, nth: [4] });

    const failed = await putBlock(upload.url, id, body);
    const expired = await putBlock(upload.url, id, body);
    const corrupted = await putBlock(upload.url, id, body);
    const reset = await putBlock(upload.url, id, body).then(
      () => 'answered',
      () => 'reset',
    );
    const stored = await putBlock(upload.url, id, body);

    assert.equal(failed.status, 500);
    assert.equal(expired.status, 403);
    assert.match(await expired.text(), /AuthenticationFailed.*Signature not valid in the specified time frame/);
    assert.equal(corrupted.status, 400);
    assert.equal(reset, 'reset');
    assert.equal(stored.status, 201);
    const log = proxy.log.entries({ keyPrefix: 'azure/faults.bin' });
    assert.deepEqual(log.map((entry) => [entry.op, entry.fault ?? '', entry.status]), [
      ['PutBlock', 'status', 500],
      ['PutBlock', 'expire', 403],
      ['PutBlock', 'corrupt', 400],
      ['PutBlock', 'reset', 499],
      ['PutBlock', '', 201],
    ]);
    assert.deepEqual(
      (await proxy.accepted()).map((a) => [a.partNumber, a.count]),
      [[1, 1]],
    );
    assert.throws(() => proxy.faults.add({ op: 'PutBlock', action: 'hostile-host' }), /cannot act out/);
  });
});
