import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { file, md5, startRig, type Rig } from './helpers/package-signer.js';

type Opened = { key: string; uploadId: string; session: string };
type Signed = { partNumber: number; url: string; expiresAt: number };

const MiB = 1024 * 1024;

describe('chunk-uploader/server · `parts`: many part URLs in one call', () => {
  let rig: Rig;
  let strict: Rig;
  const open = async (on: Rig, size: number, user = 'alice'): Promise<Opened> => {
    const answer = await on.call('initiate', file(size, 'big.bin', 'application/octet-stream'), user);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body as unknown as Opened;
  };
  const upload = (opened: Opened) => ({ key: opened.key, uploadId: opened.uploadId, session: opened.session });

  before(async () => {
    rig = await startRig();
    strict = await startRig({ requirePartMd5: true });
  });
  after(async () => {
    await rig.close();
    await strict.close();
  });

  it('signs the owner\'s parts in one call, each bound to its MD5 and size; the parts store and complete', async () => {
    const first = Buffer.alloc(5 * MiB, 7);
    const last = Buffer.from('the last part');
    const opened = await open(rig, first.length + last.length);
    const wanted = [
      { partNumber: 1, size: first.length, contentMd5: md5(first, 'base64') },
      { partNumber: 2, size: last.length, contentMd5: md5(last, 'base64') },
    ];

    const answer = await rig.call('parts', { ...upload(opened), parts: wanted }, 'alice');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const signed = answer.body.parts as Signed[];
    const put = (part: Signed | undefined, body: Buffer, contentMd5 = md5(body, 'base64')): Promise<Response> =>
      fetch(part?.url ?? '', { method: 'PUT', body: new Uint8Array(body), headers: { 'Content-MD5': contentMd5 } });
    const swapped = await put(signed[1], Buffer.from('the last parT'));
    const stored = [await put(signed[0], first), await put(signed[1], last)];
    const done = await rig.call(
      'complete',
      { ...upload(opened), parts: stored.map((response, i) => ({ partNumber: i + 1, etag: response.headers.get('etag') })) },
      'alice',
    );

    assert.deepEqual(signed.map((part) => part.partNumber), [1, 2]);
    assert.ok(signed.every((part) => part.expiresAt > Date.now()), 'each URL says when it expires');
    assert.notEqual(swapped.status, 200, 'a URL takes only the bytes it was signed for (same size, other bytes)');
    assert.deepEqual(stored.map((response) => response.status), [200, 200]);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(rig.emulator.object(opened.key)?.md5, md5(Buffer.concat([first, last]), 'hex'));
  });

  it('refuses user B a batch of user A\'s parts with 403, whichever token B shows', async () => {
    const victim = await open(rig, 10 * MiB);
    const mallory = await open(rig, 10 * MiB, 'mallory');
    const target = { key: victim.key, uploadId: victim.uploadId, parts: [{ partNumber: 1, size: 5 * MiB }] };

    const answers = [
      await rig.call('parts', target, 'mallory'),
      await rig.call('parts', { ...target, session: mallory.session }, 'mallory'),
      await rig.call('parts', { ...target, session: victim.session }, 'mallory'),
      await rig.call('parts', { ...target, session: victim.session }),
    ];

    assert.deepEqual(
      answers.map((answer) => [answer.status, answer.body.code]),
      [[403, 'SessionRequired'], [403, 'SessionMismatch'], [403, 'SessionMismatch'], [401, 'Unauthenticated']],
    );
    assert.ok(answers.every((answer) => answer.body.parts === undefined), 'no URL in a refusal');
  });

  it('refuses a batch over 100 parts, an empty one, and bad part numbers or sizes with a typed 400, signing none', async () => {
    const opened = await open(rig, 100 * MiB);
    const numbered = (count: number, from = 1) => Array.from({ length: count }, (_, i) => ({ partNumber: from + i, size: MiB }));
    const ask = (parts: unknown) => rig.call('parts', { ...upload(opened), parts }, 'alice');

    const hundred = await ask(numbered(100));
    const refusals = [
      await ask(numbered(101)),
      await ask([]),
      await ask('1,2,3'),
      await ask([{ partNumber: 1.5, size: MiB }]),
      await ask([{ partNumber: -1, size: MiB }]),
      await ask([{ partNumber: 10_001, size: MiB }]),
      await ask([{ partNumber: 1 }, { partNumber: 1 }]),
      await ask([{ partNumber: 1, size: 100 * MiB + 1 }]),
      await ask([{ partNumber: 2, size: MiB }, { partNumber: 3, size: -5 }]),
    ];

    assert.equal(hundred.status, 200, JSON.stringify(hundred.body));
    assert.equal((hundred.body.parts as Signed[]).length, 100);
    for (const answer of refusals) {
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.match(String(answer.body.code), /^Invalid/);
      assert.equal(answer.body.parts, undefined, 'a refused batch signs no part');
    }
  });

  it('signs the first parts with initiate when asked, and leaves them out (not the upload) when the policy refuses them', async () => {
    const body = Buffer.from('one small part');
    const asked = { ...file(body.length, 'small.bin', 'application/octet-stream'), parts: [{ partNumber: 1, size: body.length }] };

    const answer = await rig.call('initiate', asked, 'alice');
    const signed = answer.body.parts as Signed[];
    const put = await fetch(signed[0]?.url ?? '', { method: 'PUT', body: new Uint8Array(body) });
    const withoutMd5 = await strict.call('initiate', asked, 'alice');

    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(signed.map((part) => part.partNumber), [1]);
    assert.equal(put.status, 200);
    assert.equal(withoutMd5.status, 200, JSON.stringify(withoutMd5.body));
    assert.equal(typeof withoutMd5.body.uploadId, 'string');
    assert.equal(withoutMd5.body.parts, undefined, 'no URL without the MD5 the policy requires');
  });

  it('refuses a batch without an MD5 per part when the policy binds every URL to one (requirePartMd5)', async () => {
    const opened = await open(strict, 6 * MiB);
    const body = Buffer.from('x');

    const missing = await strict.call('parts', { ...upload(opened), parts: [{ partNumber: 1, size: 1, contentMd5: md5(body, 'base64') }, { partNumber: 2, size: 1 }] }, 'alice');
    const bound = await strict.call('parts', { ...upload(opened), parts: [{ partNumber: 1, size: 1, contentMd5: md5(body, 'base64') }] }, 'alice');

    assert.deepEqual([missing.status, missing.body.code], [400, 'InvalidRequest']);
    assert.equal(bound.status, 200, JSON.stringify(bound.body));
  });
});
