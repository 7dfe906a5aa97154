import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { S3_DEFAULTS } from '../../server/emulators/s3.js';
import { file, md5, startRig, type Rig } from './helpers/package-signer.js';

type Opened = { key: string; uploadId: string; session: string };

describe('chunk-uploader/server · upload policy', () => {
  let rig: Rig;
  const open = async (size: number, user = 'alice'): Promise<Opened> => {
    const answer = await rig.call('initiate', file(size, 'clip.mp4', 'video/mp4'), user);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body as unknown as Opened;
  };

  before(async () => {
    rig = await startRig({ maxFileSize: 1000, accept: ['video/*', '.pdf'], maxConcurrentUploads: 2, requirePartMd5: true });
  });
  after(() => rig.close());

  it('refuses a file over maxFileSize (413) and a type outside accept (415) at initiate, starting nothing', async () => {
    const before = rig.emulator.uploads().length;

    const tooLarge = await rig.call('initiate', file(1001, 'clip.mp4', 'video/mp4'), 'carol');
    const wrongType = await rig.call('initiate', file(10, 'run.exe', 'application/x-msdownload'), 'carol');
    const byExtension = await rig.call('initiate', file(10, 'Paper.PDF', ''), 'carol');

    assert.deepEqual([tooLarge.status, tooLarge.body.code], [413, 'FileTooLarge']);
    assert.deepEqual([wrongType.status, wrongType.body.code], [415, 'FileTypeNotAllowed']);
    assert.equal(byExtension.status, 200);
    assert.equal(rig.emulator.uploads().length, before + 1);
  });

  it('picks the key itself: a per-user prefix, a random id and the sanitized name; the browser\'s key is a hint it ignores', async () => {
    const answer = await rig.call('initiate', { ...file(10, '../../etc/pass wd.mp4', 'video/mp4'), key: 'uploads/bob/steal.mp4' }, 'dave');

    assert.match(answer.body.key as string, /^uploads\/dave\/[0-9a-f-]{36}\/etc_pass_wd\.mp4$/);
  });

  it('allows maxConcurrentUploads open uploads per user (429 with Retry-After beyond), and frees a slot at abort', async () => {
    const first = await open(10, 'erin');
    await open(10, 'erin');

    const third = await rig.call('initiate', file(10, 'clip.mp4', 'video/mp4'), 'erin');
    const otherUser = await rig.call('initiate', file(10, 'clip.mp4', 'video/mp4'), 'frank');
    await rig.call('abort', { key: first.key, uploadId: first.uploadId, session: first.session }, 'erin');
    const afterAbort = await rig.call('initiate', file(10, 'clip.mp4', 'video/mp4'), 'erin');

    assert.deepEqual([third.status, third.body.code, third.headers.get('retry-after')], [429, 'TooManyUploads', '10']);
    assert.equal(otherUser.status, 200);
    assert.equal(afterAbort.status, 200);
  });

  it('refuses a complete whose listed parts hold more than the declared size, and aborts the upload', async () => {
    const upload = await open(10, 'grace');
    const body = Buffer.alloc(25, 7);
    const part = await rig.call('part', { key: upload.key, uploadId: upload.uploadId, partNumber: 1, contentMd5: md5(body, 'base64'), session: upload.session }, 'grace');
    const put = await fetch(part.body.url as string, { method: 'PUT', body: new Uint8Array(body), headers: { 'Content-MD5': md5(body, 'base64') } });

    const done = await rig.call('complete', { key: upload.key, uploadId: upload.uploadId, parts: [{ partNumber: 1, etag: put.headers.get('etag') }], session: upload.session }, 'grace');

    assert.equal(put.status, 200);
    assert.deepEqual([done.status, done.body.code], [400, 'SizeMismatch']);
    assert.equal(rig.emulator.uploads().find((open) => open.uploadId === upload.uploadId), undefined, 'the upload was aborted');
    assert.equal(rig.emulator.object(upload.key), undefined);
  });

  it('binds a part URL to the MD5 it was signed for: the storage refuses other bytes, whatever Content-MD5 they carry', async () => {
    const upload = await open(10, 'heidi');
    const signedFor = Buffer.from('0123456789');
    const other = Buffer.from('9876543210');
    const part = await rig.call('part', { key: upload.key, uploadId: upload.uploadId, partNumber: 1, contentMd5: md5(signedFor, 'base64'), session: upload.session }, 'heidi');
    const url = part.body.url as string;

    const sameHeader = await fetch(url, { method: 'PUT', body: new Uint8Array(other), headers: { 'Content-MD5': md5(signedFor, 'base64') } });
    const ownHeader = await fetch(url, { method: 'PUT', body: new Uint8Array(other), headers: { 'Content-MD5': md5(other, 'base64') } });
    const noHeader = await fetch(url, { method: 'PUT', body: new Uint8Array(other) });
    const unsigned = await rig.call('part', { key: upload.key, uploadId: upload.uploadId, partNumber: 1, session: upload.session }, 'heidi');

    assert.match(url, /X-Amz-SignedHeaders=content-md5%3Bhost/);
    assert.deepEqual([sameHeader.status, ownHeader.status, noHeader.status], [400, 403, 403]);
    assert.match(await sameHeader.text(), /BadDigest/);
    assert.deepEqual([unsigned.status, unsigned.body.code], [400, 'InvalidRequest']);
    assert.deepEqual(rig.emulator.uploads().find((open) => open.uploadId === upload.uploadId)?.parts, []);
  });
});

describe('chunk-uploader/server · CORS, Date, errors and logs', () => {
  let rig: Rig;
  const preflight = (origin: string): Promise<Response> =>
    rig.signer.handle(
      new Request('http://signer.test/api/s3/initiate', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      }),
    );

  before(async () => {
    rig = await startRig({ allowedOrigins: ['https://app.example'] });
  });
  after(() => rig.close());

  it('answers CORS, with credentials, only to allowed origins and its own origin, never echoing another', async () => {
    const allowed = await preflight('https://app.example');
    const denied = await preflight('https://evil.example');
    const post = await rig.call('initiate', file(10), 'ivan', { origin: 'https://evil.example' });
    const sameOrigin = await rig.call('initiate', file(10), 'ivan', { origin: 'http://signer.test' });
    const listed = await rig.call('initiate', file(10), 'ivan', { origin: 'https://app.example' });

    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example');
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(allowed.headers.get('access-control-allow-headers'), 'content-type,authorization');
    assert.equal(denied.status, 403);
    assert.equal(denied.headers.get('access-control-allow-origin'), null);
    assert.deepEqual([post.status, post.body.code, post.headers.get('access-control-allow-origin')], [403, 'OriginNotAllowed', null]);
    assert.equal(sameOrigin.status, 200);
    assert.equal(listed.headers.get('access-control-allow-origin'), 'https://app.example');
    assert.equal(listed.headers.get('access-control-expose-headers'), 'Date, Retry-After');
  });

  it('dates every answer, refusals included, so the browser can correct its clock', async () => {
    const ok = await rig.call('initiate', file(10), 'judy');
    const refused = await rig.call('initiate', file(10));

    for (const answer of [ok, refused]) assert.ok(Math.abs(Date.parse(answer.headers.get('date') ?? '') - Date.now()) < 5000);
  });

  it('refuses anything but a JSON POST (a cross-site form cannot send one)', async () => {
    const form = await rig.signer.handle(new Request('http://signer.test/api/s3/initiate', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }));
    const get = await rig.signer.handle(new Request('http://signer.test/api/s3/initiate'));

    assert.deepEqual([form.status, get.status], [415, 405]);
  });

  it('relays a storage refusal with its code but without credentials, URLs\' queries or a stack', async () => {
    const broken = await startRig({ credentials: { accessKeyId: S3_DEFAULTS.accessKeyId, secretAccessKey: 'wrong-secret-value-1234' } } as never);
    const answer = await broken.call('initiate', file(10), 'kim');
    await broken.close();

    assert.equal(answer.status, 403);
    assert.equal(answer.body.code, 'SignatureDoesNotMatch');
    assert.deepEqual(Object.keys(answer.body).sort(), ['code', 'message']);
    assert.doesNotMatch(JSON.stringify(answer.body), /wrong-secret-value-1234|\n\s+at |X-Amz-Signature=[0-9a-f]/);
  });

  it('logs one structured entry per request with no session token, signature, header or credential in it', async () => {
    const upload = (await rig.call('initiate', file(10), 'leo')).body as unknown as Opened;
    const part = await rig.call('part', { key: upload.key, uploadId: upload.uploadId, partNumber: 1, session: upload.session }, 'leo', { authorization: 'Bearer tok-secret-42' });

    const text = JSON.stringify(rig.logs);
    const last = rig.logs.at(-1);

    assert.equal(part.status, 200);
    assert.deepEqual({ op: last?.op, status: last?.status, principal: last?.principal, key: last?.key }, { op: 'part', status: 200, principal: 'leo', key: upload.key });
    for (const secret of [upload.session, 'tok-secret-42', S3_DEFAULTS.secretAccessKey, 'X-Amz-Signature', upload.uploadId]) assert.ok(!text.includes(secret), secret);
  });
});
