import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createQiniuEmulator, QINIU_DEFAULTS, type QiniuEmulator } from '../../server/emulators/qiniu.js';
import { startAzurite, type AzuriteBlob } from '../../server/third-party/azurite.js';
import { parseUpToken } from '../../server/verify/qiniu.js';
import { azuriteSigner } from './helpers/azurite-signer.js';
import { createSigner, type Signer } from '../../src/server/index.js';
import { byHeader, file, md5, SECRET, startRig, type Rig } from './helpers/package-signer.js';

/** `put` (one PutObject for a small file) under the same upload policy as `initiate`. */
describe('chunk-uploader/server · put', () => {
  let rig: Rig;
  const body = Buffer.from('0123456789');
  const contentMd5 = md5(body, 'base64');

  before(async () => {
    rig = await startRig({ maxFileSize: 1000, accept: ['video/*', '.pdf'], maxConcurrentUploads: 1, requirePartMd5: true });
  });
  after(() => rig.close());

  it('refuses a file over maxFileSize (413), a type outside accept (415) and a missing contentMd5 under requirePartMd5 (400), before any storage request', async () => {
    const seen = rig.emulator.log.entries().length;

    const tooLarge = await rig.call('put', { ...file(1001, 'clip.mp4', 'video/mp4'), contentMd5 }, 'carol');
    const wrongType = await rig.call('put', { ...file(10, 'run.exe', 'application/x-msdownload'), contentMd5 }, 'carol');
    const noMd5 = await rig.call('put', file(10, 'clip.mp4', 'video/mp4'), 'carol');
    const nobody = await rig.call('put', { ...file(10, 'clip.mp4', 'video/mp4'), contentMd5 });

    assert.deepEqual([tooLarge.status, tooLarge.body.code], [413, 'FileTooLarge']);
    assert.deepEqual([wrongType.status, wrongType.body.code], [415, 'FileTypeNotAllowed']);
    assert.deepEqual([noMd5.status, noMd5.body.code], [400, 'InvalidRequest']);
    assert.equal(nobody.status, 401);
    assert.equal(rig.emulator.log.entries().length, seen, 'no storage request');
  });

  it('picks the key from the policy (the browser\'s key is a hint it ignores) and issues no session, since nothing follows a put', async () => {
    const answer = await rig.call('put', { ...file(10, '../x/clip.mp4', 'video/mp4'), key: 'uploads/bob/steal.mp4', contentMd5 }, 'dave');

    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.match(answer.body.key as string, /^uploads\/dave\/[0-9a-f-]{36}\/x_clip\.mp4$/);
    assert.equal(answer.body.session, undefined);
    assert.match(answer.body.url as string, /X-Amz-SignedHeaders=content-length%3Bcontent-md5%3Bhost/);
  });

  it('signs size, type and MD5 into the URL: the declared bytes are stored, other bytes or another length are refused', async () => {
    const answer = await rig.call('put', { ...file(10, 'clip.mp4', 'video/mp4'), contentMd5 }, 'erin');
    const url = answer.body.url as string;
    const headers = answer.body.headers as Record<string, string>;

    const other = await fetch(url, { method: 'PUT', body: new Uint8Array(Buffer.from('9876543210')), headers: { ...headers, 'Content-MD5': contentMd5 } });
    const longer = await fetch(url, { method: 'PUT', body: new Uint8Array(Buffer.from('0123456789!')), headers: { ...headers, 'Content-MD5': contentMd5 } });
    const stored = await fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { ...headers, 'Content-MD5': contentMd5 } });

    assert.notEqual(other.status, 200);
    assert.notEqual(longer.status, 200);
    assert.equal(stored.status, 200);
    assert.equal(rig.emulator.object(answer.body.key as string)?.md5, md5(body, 'hex'));
  });

  it('needs a free slot under maxConcurrentUploads (429 while an upload is open) but keeps none', async () => {
    const first = await rig.call('put', { ...file(10, 'clip.mp4', 'video/mp4'), contentMd5 }, 'frank');
    const second = await rig.call('put', { ...file(10, 'clip.mp4', 'video/mp4'), contentMd5 }, 'frank');
    const open = await rig.call('initiate', file(10, 'clip.mp4', 'video/mp4'), 'frank');
    const whileOpen = await rig.call('put', { ...file(10, 'clip.mp4', 'video/mp4'), contentMd5 }, 'frank');

    assert.deepEqual([first.status, second.status, open.status], [200, 200, 200]);
    assert.deepEqual([whileOpen.status, whileOpen.body.code], [429, 'TooManyUploads']);
  });
});

/** Azure's `put` (Put Blob with a SAS for one blob), under the same policy, against Azurite. */
describe('chunk-uploader/server · put · Azure (Azurite)', () => {
  let azurite: AzuriteBlob;
  let signer: Signer;
  const body = Buffer.from('0123456789');
  const contentMd5 = md5(body, 'base64');

  const call = async (op: string, request: Record<string, unknown>, user?: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await signer.handle(
      new Request(`http://signer.test/api/upload/${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(user === undefined ? {} : { 'x-user': user }) },
        body: JSON.stringify(request),
      }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  before(async () => {
    azurite = await startAzurite();
    signer = azuriteSigner(azurite, {
      secret: 'a-session-secret-of-at-least-32-bytes!!',
      maxFileSize: 1000,
      accept: ['video/*'],
      requirePartMd5: true,
      maxConcurrentUploads: 1,
    });
  });
  after(() => azurite.close());

  it('refuses a file over maxFileSize (413), a type outside accept (415), a missing contentMd5 (400) and no user (401)', async () => {
    const tooLarge = await call('put', { ...file(1001, 'clip.mp4', 'video/mp4'), contentMd5 }, 'carol');
    const wrongType = await call('put', { ...file(10, 'run.exe', 'application/x-msdownload'), contentMd5 }, 'carol');
    const noMd5 = await call('put', file(10, 'clip.mp4', 'video/mp4'), 'carol');
    const badMd5 = await call('put', { ...file(10, 'clip.mp4', 'video/mp4'), contentMd5: 'abc' }, 'carol');
    const nobody = await call('put', { ...file(10, 'clip.mp4', 'video/mp4'), contentMd5 });

    assert.deepEqual([tooLarge.status, tooLarge.body.code], [413, 'FileTooLarge']);
    assert.deepEqual([wrongType.status, wrongType.body.code], [415, 'FileTypeNotAllowed']);
    assert.deepEqual([noMd5.status, noMd5.body.code], [400, 'InvalidRequest']);
    assert.equal(badMd5.status, 400);
    assert.equal(nobody.status, 401);
  });

  it('answers a write-only SAS for the policy\'s key with x-ms-blob-type and no session; Azure stores the bytes whose MD5 was sent and refuses others', async () => {
    const answer = await call('put', { ...file(10, 'clip.mp4', 'video/mp4'), key: 'elsewhere/steal.mp4', contentMd5 }, 'dave');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const key = answer.body.key as string;
    const url = answer.body.url as string;
    const headers = answer.body.headers as Record<string, string>;
    assert.notEqual(key, 'elsewhere/steal.mp4');
    assert.equal(answer.body.session, undefined);
    assert.equal(headers['x-ms-blob-type'], 'BlockBlob');
    assert.match(url, /[?&]sp=w(&|$)/);

    const other = await fetch(url, { method: 'PUT', body: new Uint8Array(Buffer.from('9876543210')), headers: { ...headers, 'Content-MD5': contentMd5 } });
    const stored = await fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { ...headers, 'Content-MD5': contentMd5 } });

    assert.equal(other.status, 400);
    assert.equal(stored.status, 201);
    const downloaded = await azurite.client.getContainerClient(azurite.container).getBlockBlobClient(key).downloadToBuffer();
    assert.equal(md5(downloaded, 'hex'), md5(body, 'hex'));
  });

  it('needs a free slot under maxConcurrentUploads (429 while an upload is open) but keeps none', async () => {
    const first = await call('put', { ...file(10, 'clip.mp4', 'video/mp4'), contentMd5 }, 'frank');
    const second = await call('put', { ...file(10, 'clip.mp4', 'video/mp4'), contentMd5 }, 'frank');
    const open = await call('initiate', file(10, 'clip.mp4', 'video/mp4'), 'frank');
    const whileOpen = await call('put', { ...file(10, 'clip.mp4', 'video/mp4'), contentMd5 }, 'frank');

    assert.deepEqual([first.status, second.status, open.status], [200, 200, 200]);
    assert.deepEqual([whileOpen.status, whileOpen.body.code], [429, 'TooManyUploads']);
  });
});

/**
 * Qiniu's `put` (an UpToken for one form upload, protocols.md 1.8), under the same policy, against
 * the emulator, which checks the token's scope and put policy itself.
 */
describe('chunk-uploader/server · put · Qiniu', () => {
  let emulator: QiniuEmulator;
  let signer: Signer;
  const body = Buffer.from('0123456789');

  const call = async (op: string, request: Record<string, unknown>, user?: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await signer.handle(
      new Request(`http://signer.test/api/qiniu/${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(user === undefined ? {} : { 'x-test-user': user }) },
        body: JSON.stringify({ op, provider: 'qiniu', ...request }),
      }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  /** One form upload with the token, as the browser sends it. */
  const formUpload = async (token: string, key: string, bytes: Buffer): Promise<number> => {
    const form = new FormData();
    form.append('token', token);
    form.append('key', key);
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'video/mp4' }), 'clip.mp4');
    return (await fetch(`${emulator.url}/`, { method: 'POST', body: form })).status;
  };

  before(async () => {
    emulator = await createQiniuEmulator();
    signer = createSigner({
      provider: 'qiniu',
      bucket: QINIU_DEFAULTS.bucket,
      credentials: { accessKey: QINIU_DEFAULTS.accessKey, secretKey: QINIU_DEFAULTS.secretKey },
      uploadHosts: [emulator.url],
      authorize: byHeader,
      secret: SECRET,
      maxFileSize: 1000,
      accept: ['video/*'],
      maxConcurrentUploads: 1,
      requirePartMd5: true,
    });
  });
  after(() => emulator.close());

  it('refuses a file over maxFileSize (413), a type outside accept (415), a file with no size (400) and no user (401), before any storage request', async () => {
    const tooLarge = await call('put', file(1001, 'clip.mp4', 'video/mp4'), 'carol');
    const wrongType = await call('put', file(10, 'run.exe', 'application/x-msdownload'), 'carol');
    const noSize = await call('put', { file: { name: 'clip.mp4', type: 'video/mp4' } }, 'carol');
    const nobody = await call('put', file(10, 'clip.mp4', 'video/mp4'));

    assert.deepEqual([tooLarge.status, tooLarge.body.code], [413, 'FileTooLarge']);
    assert.deepEqual([wrongType.status, wrongType.body.code], [415, 'FileTypeNotAllowed']);
    assert.deepEqual([noSize.status, noSize.body.code], [400, 'InvalidRequest']);
    assert.equal(nobody.status, 401);
    assert.equal(emulator.log.entries().length, 0, 'no storage request');
  });

  it("answers a token scoped to the policy's key, for the declared size exactly, with the upload hosts and no session (no contentMd5 needed: a token cannot bind one)", async () => {
    const answer = await call('put', { ...file(10, 'clip.mp4', 'video/mp4'), key: 'elsewhere/steal.mp4' }, 'dave');

    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const key = answer.body.key as string;
    assert.match(key, /^uploads\/dave\/[0-9a-f-]{36}\/clip\.mp4$/);
    assert.equal(answer.body.session, undefined);
    assert.deepEqual(answer.body.uploadHosts, [emulator.url]);
    const policy = parseUpToken(answer.body.token as string)?.policy;
    assert.deepEqual([policy?.scope, policy?.fsizeLimit, policy?.fsizeMin, policy?.mimeLimit], [`${QINIU_DEFAULTS.bucket}:${key}`, 10, 10, undefined]);
    assert.equal(answer.body.expiresAt, (policy?.deadline ?? 0) * 1000);
    assert.ok(Math.abs((answer.body.expiresAt as number) - (Date.now() + 900_000)) < 5_000, 'the signer lifetime, 900 s by default');
  });

  it('lets the token store the declared bytes at its key, and nothing else: more or fewer bytes, another key', async () => {
    const answer = await call('put', file(10, 'clip.mp4', 'video/mp4'), 'erin');
    const token = answer.body.token as string;
    const key = answer.body.key as string;

    const longer = await formUpload(token, key, Buffer.from('0123456789!'));
    const shorter = await formUpload(token, key, Buffer.from('012345678'));
    const otherKey = await formUpload(token, 'uploads/erin/other.mp4', body);
    const stored = await formUpload(token, key, body);

    assert.deepEqual([longer, shorter, otherKey], [413, 403, 401]);
    assert.equal(stored, 200);
    assert.equal(emulator.object(key)?.md5, md5(body, 'hex'));
  });

  it('needs a free slot under maxConcurrentUploads (429 while an upload is open) but keeps none', async () => {
    const first = await call('put', file(10, 'clip.mp4', 'video/mp4'), 'frank');
    const second = await call('put', file(10, 'clip.mp4', 'video/mp4'), 'frank');
    const open = await call('token', file(10, 'clip.mp4', 'video/mp4'), 'frank');
    const whileOpen = await call('put', file(10, 'clip.mp4', 'video/mp4'), 'frank');

    assert.deepEqual([first.status, second.status, open.status], [200, 200, 200]);
    assert.deepEqual([whileOpen.status, whileOpen.body.code], [429, 'TooManyUploads']);
  });
});
