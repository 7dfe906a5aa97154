import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSigner, forbidden } from '../../src/server/index.js';
import { byHeader, file, md5, SECRET, startRig, type Rig } from './helpers/package-signer.js';

type Opened = { key: string; uploadId: string; session: string; sessionExpiresAt: number };

describe('chunk-uploader/server · authorization', () => {
  let rig: Rig;
  before(async () => {
    rig = await startRig();
  });
  after(() => rig.close());

  it('refuses every S3 operation with 401 Unauthenticated when authorize finds no user', async () => {
    const answers = await Promise.all(
      ['initiate', 'part', 'list', 'complete', 'abort'].map((op) => rig.call(op, { ...file(10), key: 'k', uploadId: 'u', partNumber: 1, parts: [] })),
    );

    assert.deepEqual(
      answers.map((answer) => [answer.status, answer.body.code]),
      Array.from({ length: 5 }, () => [401, 'Unauthenticated']),
    );
    assert.equal(rig.emulator.uploads().length, 0);
  });

  it('refuses the Qiniu token and the COS v4 signature without a user too, before any SDK runs', async () => {
    const common = { authorize: byHeader, secret: SECRET, bucket: 'b' };
    const qiniu = createSigner({ ...common, provider: 'qiniu', credentials: { accessKey: 'ak', secretKey: 'sk' }, uploadHosts: ['https://up.example'] });
    const cos = createSigner({ ...common, provider: 'cos-v4', appid: '1', endpoint: 'http://127.0.0.1:1', credentials: { secretId: 'id', secretKey: 'key' } });
    const post = (signer: typeof qiniu, op: string): Promise<Response> =>
      signer.handle(new Request(`http://s.test/${op}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(file(1)) }));

    const statuses = await Promise.all([post(qiniu, 'token'), post(qiniu, 'abort'), post(cos, 'sign')].map(async (answer) => (await answer).status));

    assert.deepEqual(statuses, [401, 401, 401]);
  });

  it('answers forbidden() from authorize with 403 Forbidden, and any other throw with a 500 that tells nothing', async () => {
    const refusing = await startRig({
      authorize: (request) => {
        if (request.headers.get('x-test-user') === 'banned') throw forbidden('this account may not upload');
        throw new Error('database password hunter2 rejected');
      },
    });

    const banned = await refusing.call('initiate', file(1), 'banned');
    const broken = await refusing.call('initiate', file(1), 'anyone');
    await refusing.close();

    assert.deepEqual([banned.status, banned.body], [403, { code: 'Forbidden', message: 'this account may not upload' }]);
    assert.deepEqual([broken.status, broken.body], [500, { code: 'SignerFailure', message: 'the signer failed; the server log has the details' }]);
  });
});

describe('chunk-uploader/server · upload session tokens', () => {
  let rig: Rig;
  let clock = Date.now();
  const open = async (user: string, name = 'a.bin'): Promise<Opened> => {
    const answer = await rig.call('initiate', { ...file(11, name, 'application/octet-stream') }, user);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body as unknown as Opened;
  };
  const signPart = (user: string, upload: Opened, session = upload.session) =>
    rig.call('part', { key: upload.key, uploadId: upload.uploadId, partNumber: 1, session }, user);

  before(async () => {
    rig = await startRig({ now: () => clock, sessionLifetimeSeconds: 60 });
  });
  after(() => rig.close());

  it('issues a session at initiate and signs the owner\'s part, list, complete and abort with it', async () => {
    const upload = await open('alice');
    const body = Buffer.from('hello world');

    const part = await signPart('alice', upload);
    const put = await fetch(part.body.url as string, { method: 'PUT', body: new Uint8Array(body) });
    const listed = await rig.call('list', { key: upload.key, uploadId: upload.uploadId, session: upload.session }, 'alice');
    const done = await rig.call('complete', { key: upload.key, uploadId: upload.uploadId, session: upload.session, parts: [{ partNumber: 1, etag: put.headers.get('etag') }] }, 'alice');

    assert.match(upload.key, /^uploads\/alice\/[0-9a-f-]{36}\/a\.bin$/);
    assert.equal(upload.sessionExpiresAt, clock + 60_000);
    assert.equal(put.status, 200);
    assert.equal((listed.body.parts as unknown[]).length, 1);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(rig.emulator.object(upload.key)?.md5, md5(body, 'hex'));
  });

  it('refuses user B\'s part, complete and abort on user A\'s upload with 403, knowing its key and upload id', async () => {
    const victim = await open('alice');
    const mallory = await open('mallory');
    const target = { key: victim.key, uploadId: victim.uploadId };

    const answers = [
      await rig.call('part', { ...target, partNumber: 1 }, 'mallory'),
      await rig.call('part', { ...target, partNumber: 1, session: mallory.session }, 'mallory'),
      await rig.call('part', { ...target, partNumber: 1, session: victim.session }, 'mallory'),
      await rig.call('complete', { ...target, parts: [{ partNumber: 1, etag: '"x"' }], session: mallory.session }, 'mallory'),
      await rig.call('abort', { ...target, session: victim.session }, 'mallory'),
    ];

    assert.deepEqual(
      answers.map((answer) => [answer.status, answer.body.code]),
      [[403, 'SessionRequired'], [403, 'SessionMismatch'], [403, 'SessionMismatch'], [403, 'SessionMismatch'], [403, 'SessionMismatch']],
    );
    assert.ok(rig.emulator.uploads().some((upload) => upload.uploadId === victim.uploadId), 'the victim\'s upload is still open');
  });

  it('refuses a session token whose payload or MAC was changed by one character', async () => {
    const upload = await open('alice');
    const [payload = '', mac = ''] = upload.session.split('.');
    const flip = (text: string, at: number): string => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const forgedClaims = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), p: 'mallory' })).toString('base64url');

    const answers = [
      await signPart('alice', upload, `${flip(payload, 5)}.${mac}`),
      await signPart('alice', upload, `${payload}.${flip(mac, 3)}`),
      await signPart('mallory', upload, `${forgedClaims}.${mac}`),
      await signPart('alice', upload, 'not-a-token'),
    ];

    assert.deepEqual(answers.map((answer) => answer.body.code), ['SessionMismatch', 'SessionMismatch', 'SessionMismatch', 'SessionMismatch']);
    assert.ok(answers.every((answer) => answer.status === 403));
  });

  it('refuses an expired session token with 403 SessionExpired', async () => {
    const upload = await open('alice');
    clock += 61_000;

    const answer = await signPart('alice', upload);

    assert.equal(answer.status, 403);
    assert.equal(answer.body.code, 'SessionExpired');
  });

  it('does not let a token issued for one key sign another key of the same user', async () => {
    const first = await open('alice', 'one.bin');
    const second = await open('alice', 'two.bin');

    const answer = await rig.call('part', { key: second.key, uploadId: second.uploadId, partNumber: 1, session: first.session }, 'alice');

    assert.equal(answer.status, 403);
    assert.equal(answer.body.code, 'SessionMismatch');
  });
});
