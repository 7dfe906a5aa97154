import { expect } from '@esm-bundle/chai';
import { emulateMedia } from '@web/test-runner-commands';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { axeViolations } from '../helpers/axe.js';
import { interruptedRows, mountUploader, row, shadow, whenQueueDone, whenState } from '../helpers/element.js';
import { md5Hex, testFile } from '../helpers/files.js';
import { interruptAfterThreeParts, mountAgain, SIZE } from '../helpers/resume.js';
import { addFault, clearFaults, setNetwork, storedObject, uniquePrefix } from '../helpers/servers.js';
import { describeInChromium, itInChromium } from '../helpers/browser-engine.js';

type Scheme = 'light' | 'dark';

/** axe over every combination of colour scheme, language and direction; violations tagged with it. */
async function everyLook(el: ChunkUploader, schemes: readonly Scheme[] = ['light', 'dark']): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of schemes) {
    await emulateMedia({ colorScheme: scheme });
    // The dark defaults are in force (not a pass on an unchanged page).
    const zone = getComputedStyle(shadow(el).querySelector('[part~="drop-zone"]')!).backgroundColor;
    if (zone !== (scheme === 'dark' ? 'rgb(15, 20, 26)' : 'rgb(248, 250, 252)')) found.push(`${scheme}: drop zone background ${zone}`);
    for (const lang of ['en', 'zh-CN']) {
      for (const dir of ['ltr', 'rtl']) {
        el.lang = lang;
        document.documentElement.dir = dir;
        await el.updateComplete;
        for (const violation of await axeViolations(el)) found.push(`${scheme} ${lang} ${dir}: ${violation}`);
      }
    }
  }
  el.lang = 'en';
  document.documentElement.dir = 'ltr';
  await emulateMedia({ colorScheme: 'light' });
  await el.updateComplete;
  return found;
}

describeInChromium('dark and light schemes through emulateMedia, which needs the DevTools protocol', '<chunk-uploader> · axe in every state, light and dark, English and Chinese, LTR and RTL', () => {
  let el: ChunkUploader | undefined;

  before(() => {
    // A page that follows the colour scheme, as a dark-mode site does.
    document.documentElement.style.colorScheme = 'light dark';
    document.body.style.background = 'Canvas';
    document.body.style.color = 'CanvasText';
  });

  after(async () => {
    document.documentElement.style.colorScheme = '';
    document.body.style.background = '';
    document.body.style.color = '';
    document.documentElement.dir = '';
    await emulateMedia({ colorScheme: 'light' });
  });

  afterEach(async () => {
    el?.remove();
    await setNetwork({});
    await clearFaults('oss');
  });

  it('idle, and with the unfinished-uploads list', async () => {
    el = await mountUploader(uniquePrefix('el-axe-idle'), { multiple: '' });
    const idle = await everyLook(el);
    el.remove();
    const prefix = uniquePrefix('el-axe-unfinished');
    const file = testFile(SIZE, { seed: 601, name: 'left.bin' });
    await interruptAfterThreeParts(prefix, (first) => first.addFiles([file]));
    el = (await mountAgain(prefix)).el;
    const unfinished = interruptedRows(el).length;
    const listed = await everyLook(el);

    expect(idle).to.deep.equal([]);
    expect(unfinished).to.equal(1);
    expect(listed).to.deep.equal([]);
  });

  itInChromium('network emulation through the DevTools protocol', 'uploading, retrying, paused, failed and done rows, then offline', async () => {
    const prefix = uniquePrefix('el-axe-states');
    const names = ['done.bin', 'failed.bin', 'paused.bin', 'uploading.bin', 'retrying.bin'];
    const files = names.map((name, i) => testFile(300_000 + i, { seed: 610 + i, name }));
    await addFault('oss', { op: 'UploadPart', action: 'status', status: 400, key: `${prefix}failed.bin`, body: '<Error><Code>InvalidArgument</Code></Error>' });
    await addFault('oss', { op: 'UploadPart', action: 'stall', key: `${prefix}paused.bin`, afterBytes: 0 });
    await addFault('oss', { op: 'UploadPart', action: 'stall', key: `${prefix}uploading.bin`, afterBytes: 100_000 });
    await addFault('oss', { op: 'UploadPart', action: 'status', status: 500, key: `${prefix}retrying.bin` });
    el = await mountUploader(prefix, { multiple: '', concurrency: '5' });
    el.options = { ...el.options, retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } };
    const settled = Promise.all([
      whenState(el, 'done.bin', 'done'),
      whenState(el, 'failed.bin', 'failed'),
      whenState(el, 'paused.bin', 'uploading'),
      whenState(el, 'uploading.bin', 'uploading'),
    ]);
    const retrying = new Promise<void>((resolve) => el!.addEventListener('chunk-upload-retry', () => resolve(), { once: true }));
    el.addFiles(files);
    await settled;
    await retrying;
    el.uploader!.pause(el.tasks.find((task) => task.name === 'paused.bin')!.id);
    await el.updateComplete;
    const states = names.map((name) => [row(el!, name).dataset.state, row(el!, name).dataset.condition]);
    const online = await everyLook(el);

    await setNetwork({ offline: true });
    await el.updateComplete;
    const offlineNotice = shadow(el).querySelector('.offline')?.textContent;
    const offline = await everyLook(el);
    await setNetwork({});
    await clearFaults('oss');
    // A stalled request whose body left whole waits out its response window (2 min), and a
    // retry that ran between `online` and the clearing is in a 60 s backoff: pausing drops
    // both, so every file starts again on the now fault-free storage.
    el.pauseAll();
    const done = whenQueueDone(el);
    el.resumeAll();
    await done;

    expect(states).to.deep.equal([
      ['done', ''],
      ['failed', ''],
      ['paused', ''],
      ['uploading', ''],
      ['uploading', 'retrying'],
    ]);
    expect(online).to.deep.equal([]);
    expect(offlineNotice).to.equal('Offline: uploads continue when the connection is back.');
    expect(offline).to.deep.equal([]);
    for (const file of files) expect((await storedObject('oss', `${prefix}${file.name}`))?.md5, file.name).to.equal(await md5Hex(file));
  });
});
