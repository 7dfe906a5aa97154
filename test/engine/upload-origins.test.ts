import { expect } from '@esm-bundle/chai';
import type { Target } from '../../src/contracts/target.js';
import type { UploaderEventMap } from '../../src/core/events.js';
import { parseUploadOrigins } from '../../src/core/upload-origins.js';
import { builtInTargets } from '../../src/protocols/built-in-targets.js';
import { UploadError } from '../../src/transport/upload-error.js';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { messageText, mountUploader, row, whenQueueDone } from '../helpers/element.js';
import { KiB, md5Hex, testFile } from '../helpers/files.js';
import { requestsSeen, serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

/**
 * Issue 11 point 9a: with `uploadOrigins` set, a presigned URL or upload host the signer names
 * outside the list fails the file with a `config` error before any request reaches the storage
 * (so no byte and no token left the page); inside the list the upload goes through.
 */
const TARGETS: readonly Target[] = builtInTargets();
/** Operations a reference signer makes itself, with its SDK, never the page. */
const SIGNER_SIDE = /^(Initiate|Create|Abort)/;

/** The origins a target's emulator may be reached at (adapters and signers say 127.0.0.1 or localhost). */
function emulatorOrigins(url: string): string[] {
  const { port } = new URL(url);
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

describe('Uploader · uploadOrigins allowlist', () => {
  it('parses origins and *.subdomain entries, matching scheme, host and port exactly', () => {
    const origins = parseUploadOrigins(['https://bucket.example.com', 'https://*.aliyuncs.com', 'http://127.0.0.1:9000/']);
    if ('invalid' in origins) throw new Error(origins.invalid);
    expect(origins.allows('https://bucket.example.com/key?partNumber=1')).to.equal(true);
    expect(origins.allows('http://bucket.example.com/key'), 'another scheme').to.equal(false);
    expect(origins.allows('https://bucket.example.com:8443/key'), 'another port').to.equal(false);
    expect(origins.allows('https://evil.bucket.example.com/key'), 'a subdomain of an exact entry').to.equal(false);
    expect(origins.allows('https://b.oss-cn-hangzhou.aliyuncs.com/k')).to.equal(true);
    expect(origins.allows('https://aliyuncs.com/k'), 'the bare domain of a wildcard').to.equal(false);
    expect(origins.allows('https://evilaliyuncs.com/k')).to.equal(false);
    expect(origins.allows('https://user:pw@bucket.example.com/k'), 'credentials in the URL').to.equal(false);
    expect(origins.allows('http://127.0.0.1:9000/bucket/k')).to.equal(true);
    for (const bad of ['bucket.example.com', 'ftp://x.example.com', 'https://x.example.com/path', 'https://*', 'https://a.*.com']) {
      expect(parseUploadOrigins([bad]), bad).to.deep.equal({ invalid: bad });
    }
  });

  it('refuses an uploadOrigins entry that is not an origin when the engine is made', async () => {
    let thrown: unknown;
    try {
      await engineFor(TARGETS[0]!, uniquePrefix('origins-bad'), { uploadOrigins: ['example.com'] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(UploadError);
    expect((thrown as UploadError).kind).to.equal('invalid');
    expect((thrown as UploadError).message).to.contain('example.com');
  });

  for (const target of TARGETS) {
    it(`${target.name}: a storage origin outside the list fails with config origin-not-allowed, nothing reaching the storage`, async () => {
      const prefix = uniquePrefix(`origins-out-${target.name}`);
      const before = (await requestsSeen(target.name)).length;
      const uploader = await engineFor(target, prefix, { uploadOrigins: ['https://storage.example.com'], persist: false });
      const errors: UploaderEventMap['chunk-upload-error'][] = [];
      uploader.addEventListener('chunk-upload-error', (event) => errors.push(event));

      uploader.add([testFile(300 * KiB, { seed: 1101 })]);

      expect(await queueDone(uploader, 30_000)).to.deep.equal({ succeeded: 0, failed: 1, canceled: 0 });
      const error = errors[0]?.detail.error;
      expect(error?.kind).to.equal('config');
      expect(error?.code).to.equal('origin-not-allowed');
      expect(error?.message).to.contain('uploadOrigins');
      expect(error?.message, 'no path or query of a signed URL in the message').to.not.match(/[?&](X-Amz|Signature|token|sig)/i);
      // The signer's own SDK may open (and then abort) the session server-side; the page sent nothing.
      const seen = (await requestsSeen(target.name)).slice(before);
      const fromPage = seen.filter((r) => !SIGNER_SIDE.test(r.op) || r.bytesIn > 0);
      expect(fromPage.map((r) => r.op), 'requests from the page the storage saw').to.deep.equal([]);
    });

    it(`${target.name}: the emulator's origin in the list uploads as usual`, async () => {
      const prefix = uniquePrefix(`origins-in-${target.name}`);
      const urls = await serverUrls();
      const file = testFile(300 * KiB, { seed: 1102 });
      const uploader = await engineFor(target, prefix, { uploadOrigins: ['https://*.example.com', ...emulatorOrigins(urls[target.name]!)], persist: false });

      uploader.add([file]);

      expect(await queueDone(uploader, 60_000)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
      expect((await storedObject(target.name, `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
    });
  }

  describe('the upload-origins attribute', () => {
    let el: ChunkUploader | undefined;
    afterEach(() => el?.remove());

    it('turns uploads off with a message, in en and zh-CN, for an entry that is not an origin', async () => {
      el = await mountUploader(uniquePrefix('el-origins-bad'), { 'upload-origins': 'https://ok.example.com oss.example.com' });
      const added = el.addFiles([testFile(10, { seed: 1103 })]);
      await el.updateComplete;
      expect(added).to.deep.equal([]);
      expect(messageText(el)).to.contain('upload-origins must list origins');
      el.setAttribute('lang', 'zh-CN');
      await el.updateComplete;
      expect(messageText(el)).to.contain('upload-origins 必须列出来源');
    });

    it('fails a file whose storage is outside the list with its own sentence, and uploads once the origin is listed', async () => {
      const prefix = uniquePrefix('el-origins');
      const urls = await serverUrls();
      el = await mountUploader(prefix, { 'upload-origins': 'https://storage.example.com', lang: 'zh-CN' });
      const refused = testFile(1000, { seed: 1104, name: 'refused.bin' });
      let done = whenQueueDone(el);
      el.addFiles([refused]);
      expect((await done).detail).to.deep.equal({ succeeded: 0, failed: 1, canceled: 0 });
      await el.updateComplete;
      expect(row(el, 'refused.bin').textContent).to.contain('不在此上传组件的 upload-origins 列表中');

      el.setAttribute('upload-origins', emulatorOrigins(urls.oss).join(', '));
      el.setAttribute('lang', 'en');
      await el.updateComplete;
      const file = testFile(1000, { seed: 1105, name: 'allowed.bin' });
      done = whenQueueDone(el);
      el.addFiles([file]);
      expect((await done).detail).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
      expect(row(el, 'refused.bin').textContent).to.contain('not on this uploader’s upload-origins list');
      expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
    });
  });
});
