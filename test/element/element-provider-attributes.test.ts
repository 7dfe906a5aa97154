import { expect } from '@esm-bundle/chai';
import type { UploaderEventMap } from '../../src/core/events.js';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import type { ConfigErrorEvent } from '../../src/element/config-error-event.js';
import { messageText, mountUploader, whenQueueDone } from '../helpers/element.js';
import { KiB, md5Hex, MiB, testFile } from '../helpers/files.js';
import { configure, requestsSeen, serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

describe('<chunk-uploader> · file-md5 and target attributes', () => {
  let el: ChunkUploader | undefined;

  afterEach(async () => {
    el?.remove();
    await configure('signer:qiniu', { uploadHosts: null });
  });

  it('file-md5 reports the whole file\'s MD5 in the success event', async () => {
    const prefix = uniquePrefix('el-file-md5');
    const file = testFile(3 * MiB + 5, { seed: 401 });
    el = await mountUploader(prefix, { 'file-md5': '', 'part-size': '1MiB' });
    const success = new Promise<UploaderEventMap['chunk-upload-success']>((resolve) => el!.addEventListener('chunk-upload-success', resolve, { once: true }));

    el.addFiles([file]);
    const { result } = (await success).detail;

    expect(result.fileMd5).to.equal(await md5Hex(file));
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('upload-hosts gives Qiniu its hosts when the signer names none, and chunk-size="1MiB" cuts each block into 1 MiB requests', async () => {
    const prefix = uniquePrefix('el-qiniu-attrs');
    const file = testFile(5 * MiB, { seed: 402 });
    await configure('signer:qiniu', { uploadHosts: [] });
    const { qiniu } = await serverUrls();
    el = await mountUploader(prefix, { provider: 'qiniu', endpoint: `${(await serverUrls()).signer}/qiniu`, 'upload-hosts': `${qiniu}, ${qiniu}`, 'chunk-size': '1MiB' });
    const done = whenQueueDone(el);

    el.addFiles([file]);

    expect((await done).detail).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    const requests = await requestsSeen('qiniu', { keyPrefix: prefix });
    // Block 1 (4 MiB): mkblk + 3 bput; block 2 (1 MiB): mkblk alone.
    expect(requests.filter((r) => r.op === 'mkblk' && r.status === 200).length).to.equal(2);
    expect(requests.filter((r) => r.op === 'bput' && r.status === 200).length).to.equal(3);
    expect((await storedObject('qiniu', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('slice-size="512KiB" and signature-in="header" reach the COS v4 adapter', async () => {
    const prefix = uniquePrefix('el-cos-attrs');
    const file = testFile(2 * MiB + 3, { seed: 403 });
    el = await mountUploader(prefix, { provider: 'cos-v4', endpoint: `${(await serverUrls()).signer}/cos-v4`, 'slice-size': '512KiB', 'signature-in': 'header' });
    const done = whenQueueDone(el);

    el.addFiles([file]);

    expect((await done).detail).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    const slices = (await requestsSeen('cos-v4', { keyPrefix: prefix })).filter((r) => r.op === 'upload_slice_data' && r.status === 200);
    expect(slices.length).to.equal(5);
    expect((await storedObject('cos-v4', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  for (const [attribute, value, shown] of [
    ['slice-size', '3000', 'slice-size must be 512KiB, 1MiB, 2MiB or 3MiB, not “3000”'],
    ['signature-in', 'cookie', 'signature-in must be “query” or “header”, not “cookie”'],
    ['part-etag', 'sha1', 'part-etag must be “md5” or “opaque”, not “sha1”'],
    ['upload-hosts', 'ftp://up.example.com', 'upload-hosts must list host names or http(s) URLs'],
    ['chunk-size', '12', 'chunk-size must be a size of at least 1KiB'],
  ] as const) {
    it(`refuses ${attribute}="${value}" with a chunk-config-error and a message, and uploads nothing until it is fixed`, async () => {
      const prefix = uniquePrefix('el-bad-target-attr');
      const errors: ConfigErrorEvent[] = [];
      el = await mountUploader(prefix, { [attribute]: value }, (e) => e.addEventListener('chunk-config-error', (event) => errors.push(event)));

      const added = el.addFiles([testFile(10 * KiB, { seed: 404 })]);

      expect(added).to.deep.equal([]);
      expect(errors.map((event) => [event.detail.attribute, event.detail.value])).to.deep.equal([[attribute, value]]);
      expect(errors[0]!.detail.error.kind).to.equal('invalid');
      expect(messageText(el)).to.contain(shown);
      el.removeAttribute(attribute);
      await el.updateComplete;
      expect(el.uploader).to.not.equal(undefined);
      expect(messageText(el)).to.equal('');
    });
  }

  it('says the same in Chinese', async () => {
    el = await mountUploader(uniquePrefix('el-bad-zh'), { lang: 'zh-CN', 'slice-size': '3000' });
    expect(messageText(el)).to.contain('slice-size 必须是 512KiB、1MiB、2MiB 或 3MiB');
  });
});
