import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Signer } from '../../src/server/index.js';
import { decodeBlockId as decodeOnServer } from '../../src/server/targets/azure-block-id.js';
import { encodeBlockId } from '../../src/protocols/azure/block-id.js';
import { startAzurite, type AzuriteBlob } from '../../server/third-party/azurite.js';
import { azuriteSigner } from './helpers/azurite-signer.js';

const SECRET = 'a-session-secret-of-at-least-32-bytes!!';
const md5 = (body: Buffer, encoding: 'hex' | 'base64'): string => createHash('md5').update(body).digest(encoding);

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** chunk-uploader/server for Azure, against Azurite: the policy, sessions and size check of every target. */
describe('chunk-uploader/server · Azure (createSigner against Azurite)', () => {
  let azurite: AzuriteBlob;
  let signer: Signer;

  const call = async (op: string, body: Record<string, unknown>, user = 'alice'): Promise<Answer> => {
    const response = await signer.handle(
      new Request(`http://signer.test/api/upload/${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user': user },
        body: JSON.stringify(body),
      }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const putBlock = (url: string, uploadId: string, partNumber: number, body: Buffer): Promise<Response> => {
    const blockId = encodeBlockId({ uploadId, partNumber, md5Hex: md5(body, 'hex') });
    return fetch(`${url}&comp=block&blockid=${encodeURIComponent(blockId)}`, {
      method: 'PUT',
      body: new Uint8Array(body),
      headers: { 'Content-MD5': md5(body, 'base64') },
    });
  };
  const blob = (key: string) => azurite.client.getContainerClient(azurite.container).getBlockBlobClient(key);
  const blockIdOf = (uploadId: string, partNumber: number, body: Buffer): string => encodeBlockId({ uploadId, partNumber, md5Hex: md5(body, 'hex') });

  before(async () => {
    azurite = await startAzurite();
    signer = azuriteSigner(azurite, {
      secret: SECRET,
      maxFileSize: 1024 * 1024,
    });
  });
  after(() => azurite.close());

  it('uploads through session-bound operations: initiate picks the key, sas, list and complete need the session, the blob is intact', async () => {
    const parts = [Buffer.alloc(300 * 1024, 1), Buffer.alloc(1000, 2)];
    const size = parts[0]!.length + parts[1]!.length;
    const opened = await call('initiate', { provider: 'azure', file: { name: '../report.bin', size, type: 'application/x-test' }, key: 'anything/I/want' });
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    const { key, uploadId, url, session } = opened.body as { key: string; uploadId: string; url: string; session: string };
    assert.match(key, /^uploads\/alice\/[^/]+\/report\.bin$/, 'the policy chose the key, not the page');
    assert.equal(typeof session, 'string');

    const withoutSession = await call('sas', { key, uploadId });
    assert.deepEqual([withoutSession.status, withoutSession.body.code], [403, 'SessionRequired']);
    const otherUser = await call('sas', { key, uploadId, session }, 'mallory');
    assert.deepEqual([otherUser.status, otherUser.body.code], [403, 'SessionMismatch']);
    const otherKey = await call('sas', { key: 'uploads/alice/other.bin', uploadId, session });
    assert.deepEqual([otherKey.status, otherKey.body.code], [403, 'SessionMismatch']);
    const fresh = await call('sas', { key, uploadId, session });
    assert.equal(fresh.status, 200);

    assert.equal((await putBlock(url, uploadId, 1, parts[0]!)).status, 201);
    assert.equal((await putBlock(String(fresh.body.url), uploadId, 2, parts[1]!)).status, 201);
    const listed = await call('list', { key, uploadId, session });
    assert.deepEqual(
      (listed.body.blocks as { size: number }[]).map((block) => block.size),
      [parts[0]!.length, parts[1]!.length],
    );
    const whole = Buffer.concat(parts);
    const done = await call('complete', { key, uploadId, session, blockIds: parts.map((part, i) => blockIdOf(uploadId, i + 1, part)), fileMd5: md5(whole, 'hex') });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.size, size);

    const stored = await blob(key).downloadToBuffer();
    assert.equal(md5(stored, 'hex'), md5(whole, 'hex'));
  });

  it('refuses a commit whose stored blocks do not add up to the declared size, and a file over maxFileSize at initiate', async () => {
    const opened = await call('initiate', { file: { name: 'small.bin', size: 10, type: '' } });
    const { key, uploadId, url, session } = opened.body as { key: string; uploadId: string; url: string; session: string };
    const tooMuch = Buffer.alloc(4096, 3);
    assert.equal((await putBlock(url, uploadId, 1, tooMuch)).status, 201);

    const refused = await call('complete', { key, uploadId, session, blockIds: [blockIdOf(uploadId, 1, tooMuch)] });
    const tooLarge = await call('initiate', { file: { name: 'big.bin', size: 2 * 1024 * 1024, type: '' } });

    assert.deepEqual([refused.status, refused.body.code], [400, 'SizeMismatch']);
    assert.equal(await blob(key).exists(), false, 'nothing was committed');
    assert.deepEqual([tooLarge.status, tooLarge.body.code], [413, 'FileTooLarge']);
  });

  it('reads the block ids the browser writes as the browser does', () => {
    const uploadId = '0123456789abcdef0123456789abcdef';
    const id = encodeBlockId({ uploadId, partNumber: 50_000, md5Hex: 'ffeeddccbbaa99887766554433221100' });
    assert.deepEqual(decodeOnServer(id), { uploadId, partNumber: 50_000 });
    assert.equal(decodeOnServer('AAAA'), undefined);
    assert.equal(decodeOnServer(Buffer.alloc(39).toString('base64')), undefined);
  });
});
