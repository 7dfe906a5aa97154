import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createQiniuEmulator, QINIU_DEFAULTS, type QiniuEmulator } from '../../server/emulators/qiniu.js';
import { privateDownloadUrl } from '../../server/emulators/qiniu/download.js';
import { errorText, rawQiniu } from './helpers/qiniu-client.js';

const md5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');

/**
 * The emulator's stand-in for a private bucket's download domain (the playground's "Stored at"
 * link): served only to a URL signed with the bucket's SecretKey, before its deadline.
 */
describe('Qiniu emulator: private download URLs', () => {
  let emulator: QiniuEmulator;
  const key = 'download/file name.bin';
  const data = randomBytes(300 * 1024);
  const credentials = new Map([[QINIU_DEFAULTS.accessKey, QINIU_DEFAULTS.secretKey]]);

  before(async () => {
    emulator = await createQiniuEmulator();
    const qiniu = rawQiniu(emulator.url);
    const token = qiniu.token(key);
    const [answer] = (await qiniu.block([data], { token })).slice(-1);
    const stored = await qiniu.mkfile(data.length, [answer?.ctx ?? ''], { token, key });
    assert.equal(stored.status, 200);
  });
  after(() => emulator.close());

  it('serves the stored bytes at the URL readUrl signs', async () => {
    const url = await emulator.readUrl?.(key);
    assert.ok(url !== undefined);
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(md5(Buffer.from(await response.arrayBuffer())), md5(data));
    assert.equal(await emulator.readUrl?.('download/absent.bin'), undefined);
  });

  it('refuses a token signed with another SecretKey, a changed deadline and a missing object', async () => {
    const forged = privateDownloadUrl(emulator.url, key, new Map([[QINIU_DEFAULTS.accessKey, 'not-the-secret']]), Date.now()) ?? '';
    const forgedAnswer = await fetch(forged);
    assert.equal(forgedAnswer.status, 401);
    assert.equal(await errorText(forgedAnswer), 'bad token');

    const signed = privateDownloadUrl(emulator.url, key, credentials, Date.now()) ?? '';
    const moved = await fetch(signed.replace(/e=(\d+)/, (_, e: string) => `e=${Number(e) + 1}`));
    assert.equal(moved.status, 401);

    const absent = await fetch(privateDownloadUrl(emulator.url, 'download/absent.bin', credentials, Date.now()) ?? '');
    assert.equal(absent.status, 404);
  });

  it('refuses a URL past its deadline', async () => {
    const stale = privateDownloadUrl(emulator.url, key, credentials, Date.now() - 2 * 3600_000) ?? '';
    const response = await fetch(stale);
    assert.equal(response.status, 401);
    assert.equal(await errorText(response), 'token out of date');
  });
});
