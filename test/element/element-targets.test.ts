import { expect } from '@esm-bundle/chai';
import type { Target } from '../../src/contracts/target.js';
import type { UploaderEventMap } from '../../src/core/events.js';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import type { ConfigErrorEvent } from '../../src/element/config-error-event.js';
import { oss } from '../../src/protocols/oss.js';
import { s3 } from '../../src/protocols/s3.js';
import { messageText, mountUploader, whenQueueDone } from '../helpers/element.js';
import { md5Hex, testFile } from '../helpers/files.js';
import { requestsSeen, serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

describe('<chunk-uploader> · targets', () => {
  let el: ChunkUploader | undefined;

  afterEach(() => {
    el?.remove();
    el = undefined;
  });

  it('knows every built-in target through the default entry', async () => {
    el = await mountUploader(uniquePrefix('el-builtins'));
    const names = (el.constructor as typeof ChunkUploader).defaultTargets.map((target) => target.name);
    expect([...names].sort()).to.deep.equal(['cos-v4', 'oss', 'qingstor', 'qiniu', 's3']);
  });

  it('with several targets and a backend but no provider, says so and uploads nothing', async () => {
    const errors: ConfigErrorEvent[] = [];
    el = await mountUploader(uniquePrefix('el-no-provider'), {}, (e) => {
      e.removeAttribute('provider');
      e.addEventListener('chunk-config-error', (event) => errors.push(event));
    });

    expect(el.addFiles([testFile(10, { seed: 511 })])).to.deep.equal([]);
    expect(errors.map((event) => [event.detail.attribute, event.detail.value])).to.deep.equal([['provider', '']]);
    expect(messageText(el)).to.contain('No storage provider is set');
  });

  it('takes its targets from the `targets` property and uploads to the one `provider` names', async () => {
    const prefix = uniquePrefix('el-targets-prop');
    const file = testFile(3000, { seed: 512 });
    el = await mountUploader(prefix, { provider: 's3', endpoint: `${(await serverUrls()).signer}/s3` }, (e) => (e.targets = [oss(), s3()]));
    const done = whenQueueDone(el);

    el.addFiles([file]);

    expect((await done).detail).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect((await storedObject('s3', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('turns a file over the target\'s maxObjectSize away at add, says the limit, and sends nothing', async () => {
    const prefix = uniquePrefix('el-max-object');
    const small: Target = { ...oss(), limits: { ...oss().limits, maxObjectSize: 2000 } };
    el = await mountUploader(prefix, {}, (e) => (e.targets = [small]));
    const rejected = new Promise<UploaderEventMap['chunk-file-reject']>((resolve) => el!.addEventListener('chunk-file-reject', resolve, { once: true }));

    const added = el.addFiles([testFile(2001, { seed: 513, name: 'big.bin' })]);
    const { reason } = (await rejected).detail;
    await el.updateComplete;

    expect(added).to.deep.equal([]);
    expect(reason.code).to.equal('file-too-large');
    expect(messageText(el)).to.contain('big.bin is larger than the limit of 2 kB');
    expect(await requestsSeen('oss', { keyPrefix: prefix })).to.deep.equal([]);
  });
});
