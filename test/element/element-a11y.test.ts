import { expect } from '@esm-bundle/chai';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { axeViolations } from '../helpers/axe.js';
import { mountUploader, row, shadow, whenQueueDone, whenState } from '../helpers/element.js';
import { md5Hex, testFile } from '../helpers/files.js';
import { addFault, clearFaults, storedObject, uniquePrefix } from '../helpers/servers.js';

describe('<chunk-uploader> · accessibility', () => {
  let el: ChunkUploader | undefined;

  afterEach(async () => {
    el?.remove();
    await clearFaults('oss');
  });

  it('has no axe violations when empty, with a settings message, or in Chinese', async () => {
    el = await mountUploader(uniquePrefix('el-axe-empty'), { concurrency: '0' });
    const withMessage = await axeViolations(el);
    el.setAttribute('lang', 'zh-CN');
    el.removeAttribute('concurrency');
    await el.updateComplete;

    const chinese = await axeViolations(el);

    expect(withMessage).to.deep.equal([]);
    expect(chinese).to.deep.equal([]);
  });

  it('has no axe violations with files done, paused and failed in the list', async () => {
    const prefix = uniquePrefix('el-axe-rows');
    const done = testFile(10, { seed: 81, name: 'done.bin' });
    const paused = testFile(10, { seed: 82, name: 'paused.bin' });
    const failed = testFile(10, { seed: 83, name: 'failed.bin' });
    await addFault('oss', { op: 'UploadPart', action: 'stall', key: `${prefix}paused.bin`, afterBytes: 0 });
    await addFault('oss', { op: 'UploadPart', action: 'status', status: 400, key: `${prefix}failed.bin`, body: '<Error><Code>InvalidArgument</Code></Error>' });
    el = await mountUploader(prefix, { multiple: '' });
    const settled = Promise.all([
      whenState(el, 'done.bin', 'done'),
      whenState(el, 'failed.bin', 'failed'),
      whenState(el, 'paused.bin', 'uploading'),
    ]);
    el.addFiles([done, paused, failed]);
    await settled;
    const idle = whenQueueDone(el);
    el.uploader!.pause(el.tasks.find((task) => task.name === 'paused.bin')!.id);
    await idle;
    await el.updateComplete;

    const violations = await axeViolations(el);

    expect(violations).to.deep.equal([]);
    expect([row(el, 'done.bin'), row(el, 'paused.bin'), row(el, 'failed.bin')].map((li) => li.dataset.state)).to.deep.equal([
      'done',
      'paused',
      'failed',
    ]);
    const bar = row(el, 'done.bin').querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow')).to.equal('100');
    expect(bar.getAttribute('aria-valuetext')).to.equal('10 B of 10 B (100%)');
    expect(row(el, 'failed.bin').querySelector('.state')!.textContent).to.contain('The storage refused the request.');
    expect((await storedObject('oss', `${prefix}done.bin`))?.md5).to.equal(await md5Hex(done));
  });

  it('announces outcomes in a polite live region, not progress', async () => {
    const prefix = uniquePrefix('el-live');
    const file = testFile(1000, { seed: 84, name: 'spoken.bin' });
    el = await mountUploader(prefix);
    const done = whenQueueDone(el);

    el.addFiles([file]);
    await done;
    await el.updateComplete;

    const live = shadow(el).querySelector('[aria-live="polite"]')!;
    expect([...live.querySelectorAll('p')].map((p) => p.textContent)).to.deep.equal(['1 file added.', 'spoken.bin uploaded.']);
    expect((await storedObject('oss', `${prefix}spoken.bin`))?.md5).to.equal(await md5Hex(file));
  });
});
