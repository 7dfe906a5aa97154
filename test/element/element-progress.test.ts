import { expect } from '@esm-bundle/chai';
import type { UploaderEventMap } from '../../src/core/events.js';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { mountUploader, row, shadow, whenQueueDone } from '../helpers/element.js';
import { nextEvent } from '../helpers/events.js';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { addFault, clearFaults, requestsSeen, setNetwork, storedObject, uniquePrefix } from '../helpers/servers.js';
import { itInChromium } from '../helpers/browser-engine.js';

function text(node: Element | null | undefined): string {
  return node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

async function expectStored(prefix: string, files: readonly File[]): Promise<void> {
  for (const file of files) {
    const stored = await storedObject('oss', `${prefix}${file.name}`);
    expect(stored?.md5, file.name).to.equal(await md5Hex(file));
  }
}

/** Resolves once the row of `name` says something matching `pattern`, after a render. */
async function whenRowSays(el: ChunkUploader, name: string, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await el.updateComplete;
    const said = text(shadow(el).querySelector(`[data-task] .name[title="${name}"]`)?.closest('li')?.querySelector('.state'));
    if (pattern.test(said)) return said;
    if (Date.now() > deadline) throw new Error(`row ${name} never matched ${pattern}; it says "${said}"`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

describe('<chunk-uploader> · progress, speed and network states', () => {
  let el: ChunkUploader | undefined;

  afterEach(async () => {
    el?.remove();
    await setNetwork({});
    await clearFaults('oss');
  });

  itInChromium('network emulation through the DevTools protocol', 'shows bytes, speed and time left per row, and a total bar that is the sum of the rows', async () => {
    const prefix = uniquePrefix('el-speed');
    const files = [testFile(3 * MiB, { seed: 301, name: 'big.bin' }), testFile(2 * MiB, { seed: 302, name: 'small.bin' })];
    await setNetwork({ uploadBytesPerSecond: 1_500_000 });
    el = await mountUploader(prefix, { multiple: '' });
    const measured = nextEvent<UploaderEventMap['chunk-upload-progress']>(el, 'chunk-upload-progress', (event) => event.detail.etaMs !== undefined);
    const done = whenQueueDone(el);

    el.addFiles(files);
    const said = await whenRowSays(el, 'big.bin', /^Uploading, [\d.]+ MB of 3.1 MB at [\d.]+ [kM]B\/s, [\dms ]+ left$/);
    const rows = [row(el, 'big.bin'), row(el, 'small.bin')];
    const total = shadow(el).querySelector<HTMLElement>('[part~="summary"]')!;
    const bar = total.querySelector('[role="progressbar"]')!;
    const rowsLoaded = rows.reduce((sum, li) => sum + Number(li.dataset.loaded), 0);
    const rowsTotal = rows.reduce((sum, li) => sum + Number(li.dataset.total), 0);
    const totalLoaded = Number(total.dataset.loaded);
    const totalBytes = Number(total.dataset.total);
    const valueNow = Number(bar.getAttribute('aria-valuenow'));
    const totalLine = text(total.querySelector('.total-line'));
    const event = (await measured).detail;
    await done;
    await el.updateComplete;

    expect(said).to.match(/left$/);
    expect(totalLoaded).to.equal(rowsLoaded);
    expect(totalBytes).to.equal(rowsTotal);
    expect(bar.getAttribute('aria-label')).to.equal('All uploads');
    expect(valueNow).to.equal(Math.floor((rowsLoaded / rowsTotal) * 100));
    expect(totalLine).to.match(/^[\d.]+ MB of 5.2 MB at [\d.]+ [kM]B\/s, [\dms ]+ left$/);
    expect(event.bytesPerSecond).to.be.greaterThan(100_000);
    expect(event.bytesPerSecond).to.be.lessThan(20_000_000);
    expect(event.etaMs).to.be.greaterThan(0);
    expect(text(total.querySelector('.counts'))).to.equal('2 of 2 files uploaded');
    expect(text(total.querySelector('.total-line'))).to.equal('5.2 MB of 5.2 MB');
    await expectStored(prefix, files);
  });

  it('says a row is retrying after the storage failed, with the time to the next try', async () => {
    const prefix = uniquePrefix('el-retry-state');
    const file = testFile(MiB, { seed: 303, name: 'retried.bin' });
    // Note: not a reset: Chromium itself sends a request again whose reused socket was reset.
    await addFault('oss', { op: 'UploadPart', action: 'status', status: 500, keyPrefix: prefix, nth: [1] });
    el = await mountUploader(prefix, { 'part-size': '256KiB' });
    el.options = { ...el.options, retry: { baseDelayMs: 6000, maxDelayMs: 6000 } };
    const retry = nextEvent<UploaderEventMap['chunk-upload-retry']>(el, 'chunk-upload-retry');
    const done = whenQueueDone(el);

    el.addFiles([file]);
    const { task, delayMs } = (await retry).detail;
    await el.updateComplete;
    const state = row(el, 'retried.bin');
    const said = text(state.querySelector('.state'));
    const shownCondition = state.dataset.condition;
    await done;

    expect(task.condition?.kind).to.equal('retrying');
    expect(shownCondition).to.equal('retrying');
    // The wait is drawn at random (full jitter); under half a second left reads "now".
    const expected = delayMs >= 1500 ? /^The storage had a problem, retrying in \d+ ?s$/ : delayMs < 300 ? /^The storage had a problem, retrying now$/ : /^The storage had a problem, retrying (in \d+ ?s|now)$/;
    expect(said).to.match(expected);
    await expectStored(prefix, [file]);
  });

  itInChromium('network emulation through the DevTools protocol', 'sends nothing while offline, shows the offline notice, and finishes once back online', async () => {
    const prefix = uniquePrefix('el-offline');
    const file = testFile(4 * MiB, { seed: 304, name: 'offline.bin' });
    // One lane: the parts share the throttled link one after another, so when the first is done
    // three quarters of the file are still to go (on several lanes they all ended together, and
    // the file could be done before the network went).
    el = await mountUploader(prefix, { 'part-size': '1MiB', concurrency: '1' });
    el.options = { ...el.options, retry: { baseDelayMs: 20_000, maxDelayMs: 20_000 } };
    await setNetwork({ uploadBytesPerSecond: 500_000 });
    const firstPart = nextEvent(el, 'chunk-part-complete');
    const done = whenQueueDone(el);

    el.addFiles([file]);
    await firstPart;
    await setNetwork({ offline: true, uploadBytesPerSecond: 500_000 });
    const offlineAt = Date.now();
    const said = await whenRowSays(el, 'offline.bin', /^Offline, waiting for the network$/);
    const notice = text(shadow(el).querySelector('.offline'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const sentWhileOffline = (await requestsSeen('oss', { keyPrefix: prefix })).filter((request) => request.at > offlineAt + 200);
    const backAt = Date.now();
    await setNetwork({});
    await done;
    const finishedIn = Date.now() - backAt;
    await el.updateComplete;

    expect(said).to.equal('Offline, waiting for the network');
    expect(notice).to.equal('Offline: uploads continue when the connection is back.');
    expect(sentWhileOffline.map((request) => request.op)).to.deep.equal([]);
    expect(finishedIn, 'no backoff waited out after the network came back').to.be.lessThan(15_000);
    expect(shadow(el).querySelector('.offline')).to.equal(null);
    expect(row(el, 'offline.bin').dataset.state).to.equal('done');
    await expectStored(prefix, [file]);
  });
});
