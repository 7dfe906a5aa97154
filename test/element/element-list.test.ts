import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { mountUploader, pickButton, row, rowButton, shadow, whenQueueDone, whenState } from '../helpers/element.js';
import { md5Hex, testFile } from '../helpers/files.js';
import { addFault, clearFaults, storedObject, uniquePrefix } from '../helpers/servers.js';

function listButton(el: ChunkUploader, action: string): HTMLButtonElement | null {
  return shadow(el).querySelector<HTMLButtonElement>(`[part~="list-actions"] [data-action="${action}"]`);
}

describe('<chunk-uploader> · list actions and focus', () => {
  let el: ChunkUploader | undefined;

  afterEach(async () => {
    el?.remove();
    await clearFaults('oss');
  });

  it('retries every failed file with Retry all, and clears the finished ones with Clear finished', async () => {
    const prefix = uniquePrefix('el-retry-all');
    const files = [1, 2, 3].map((n) => testFile(2000 + n, { seed: 310 + n, name: `f${n}.bin` }));
    const rule = { op: 'UploadPart', action: 'status', status: 400, body: '<Error><Code>InvalidArgument</Code></Error>' } as const;
    await addFault('oss', { ...rule, key: `${prefix}f1.bin` });
    await addFault('oss', { ...rule, key: `${prefix}f2.bin` });
    el = await mountUploader(prefix, { multiple: '' });
    const firstRound = whenQueueDone(el);
    el.addFiles(files);
    await firstRound;
    await el.updateComplete;
    const before = el.tasks.map((task) => task.state);
    const retryLabel = listButton(el, 'retry-all')?.textContent?.trim();
    await clearFaults('oss');
    const secondRound = whenQueueDone(el);

    listButton(el, 'retry-all')!.click();
    const summary = (await secondRound).detail;
    await el.updateComplete;
    const retryGone = listButton(el, 'retry-all');
    const clearLabel = listButton(el, 'clear-finished')?.textContent?.trim();
    listButton(el, 'clear-finished')!.click();
    await el.updateComplete;

    expect(before).to.deep.equal(['failed', 'failed', 'done']);
    expect(retryLabel).to.equal('Retry 2 failed files');
    expect(summary).to.deep.equal({ succeeded: 3, failed: 0, canceled: 0 });
    expect(retryGone).to.equal(null);
    expect(clearLabel).to.equal('Clear 3 finished files');
    expect(el.tasks).to.deep.equal([]);
    expect(shadow(el).querySelector('[part~="file-list"]')).to.equal(null);
    expect(shadow(el).activeElement, 'focus went to the drop zone, not to <body>').to.equal(pickButton(el));
    for (const file of files) expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('adds a batch\'s rows a dozen per render, and updateComplete waits until every row is there', async () => {
    const prefix = uniquePrefix('el-mount-steps');
    const files = Array.from({ length: 40 }, (_, n) => testFile(500 + n, { seed: 400 + n, name: `m${String(n).padStart(2, '0')}.bin` }));
    el = await mountUploader(prefix, { multiple: '' });
    const rowCounts: number[] = [];
    const rows = (): number => shadow(el!).querySelectorAll('[part~="file"]').length;
    // One record per render: a render changes the DOM in one task, and the observer hears it after.
    const observer = new MutationObserver(() => {
      if (rowCounts.at(-1) !== rows()) rowCounts.push(rows());
    });
    observer.observe(shadow(el), { childList: true, subtree: true });
    const done = whenQueueDone(el);

    el.addFiles(files);
    await el.updateComplete;
    const afterUpdate = rows();
    await done;
    observer.disconnect();

    expect(afterUpdate).to.equal(40);
    expect(rowCounts.at(-1)).to.equal(40);
    const added = rowCounts.map((count, at) => count - (rowCounts[at - 1] ?? 0));
    expect(Math.max(...added), `rows added per render: ${added.join(', ')}`).to.be.at.most(12);
    for (const file of files) expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('moves focus to the next row\'s Cancel after Cancel, and to the next Remove, then the drop zone, after Remove', async () => {
    const prefix = uniquePrefix('el-focus');
    const files = ['a.bin', 'b.bin'].map((name, i) => testFile(300_000, { seed: 320 + i, name }));
    await addFault('oss', { op: 'UploadPart', action: 'stall', keyPrefix: prefix, afterBytes: 0 });
    await addFault('oss', { op: 'PutObject', action: 'stall', keyPrefix: prefix, afterBytes: 0 });
    el = await mountUploader(prefix, { multiple: '' });
    const uploading = Promise.all(files.map((file) => whenState(el!, file.name, 'uploading')));
    el.addFiles(files);
    await uploading;
    await el.updateComplete;

    rowButton(el, 'a.bin', 'cancel').focus();
    const canceled = whenState(el, 'a.bin', 'canceled');
    await sendKeys({ press: 'Enter' });
    await canceled;
    await el.updateComplete;
    const afterCancel = shadow(el).activeElement;
    const bCanceled = whenState(el, 'b.bin', 'canceled');
    await sendKeys({ press: 'Enter' });
    await bCanceled;
    await el.updateComplete;
    const afterLastCancel = shadow(el).activeElement;
    rowButton(el, 'a.bin', 'remove').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const afterRemove = shadow(el).activeElement;
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const afterLastRemove = shadow(el).activeElement;

    expect((afterCancel as HTMLElement | null)?.getAttribute('aria-label')).to.equal('Cancel b.bin');
    expect(afterLastCancel, 'no other row has a Cancel: the drop zone').to.equal(pickButton(el));
    expect((afterRemove as HTMLElement | null)?.getAttribute('aria-label')).to.equal('Remove b.bin from the list');
    expect(afterLastRemove).to.equal(pickButton(el));
    expect(el.tasks).to.deep.equal([]);
    expect(() => row(el!, 'a.bin')).to.throw();
  });
});
