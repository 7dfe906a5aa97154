import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { axeViolations } from '../helpers/axe.js';
import type { UploaderEventMap } from '../../src/core/events.js';
import { mountUploader, shadow, whenQueueDone } from '../helpers/element.js';
import { nextEvent } from '../helpers/events.js';
import { KiB, md5Hex, testFile } from '../helpers/files.js';
import { storedObject, uniquePrefix } from '../helpers/servers.js';

/** What the element did while a batch ran: renders, animation frames, and rows in the DOM. */
interface RenderCounts {
  renders: number;
  frames: number;
  mostRows: number;
  rowsInserted: number;
  stop(): void;
}

/** Counts the element's renders (its `update()`), the page's frames, and the file rows it made. */
function countRenders(el: ChunkUploader): RenderCounts {
  const counts: RenderCounts = { renders: 0, frames: 0, mostRows: 0, rowsInserted: 0, stop: () => undefined };
  const target = el as unknown as { update(changed: unknown): void };
  const update = target.update.bind(el);
  target.update = (changed) => {
    counts.renders += 1;
    update(changed);
    counts.mostRows = Math.max(counts.mostRows, shadow(el).querySelectorAll('[part~="file"]').length);
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (node instanceof HTMLElement && node.matches('[part~="file"]')) counts.rowsInserted += 1;
  });
  observer.observe(shadow(el), { childList: true, subtree: true });
  let frame = requestAnimationFrame(function tick() {
    counts.frames += 1;
    frame = requestAnimationFrame(tick);
  });
  counts.stop = () => {
    delete (target as { update?: unknown }).update;
    cancelAnimationFrame(frame);
    observer.disconnect();
  };
  return counts;
}

function showMoreButton(el: ChunkUploader): HTMLButtonElement | null {
  return shadow(el).querySelector<HTMLButtonElement>('[part~="folded"] [data-action="show-more"]');
}

/** Presses Show more until the list folds nothing; returns how many presses it took. */
async function revealEveryRow(el: ChunkUploader): Promise<number> {
  let presses = 0;
  for (let button = showMoreButton(el); button !== null; button = showMoreButton(el)) {
    button.click();
    presses += 1;
    await el.updateComplete;
  }
  return presses;
}

function rows(el: ChunkUploader): HTMLElement[] {
  return [...shadow(el).querySelectorAll<HTMLElement>('[part~="file"]')];
}

describe('<chunk-uploader> · a thousand files', () => {
  let el: ChunkUploader | undefined;

  afterEach(() => {
    el?.remove();
    el = undefined;
  });

  it('uploads 1 000 files of 64 KiB rendering a few dozen rows, once per frame, with the focused row kept and every row reachable', async function () {
    // Note: one signer call and one PUT a file; under load the batch takes tens of seconds.
    this.timeout(400_000);
    const prefix = uniquePrefix('el-thousand');
    const files = Array.from({ length: 1000 }, (_, at) => testFile(64 * KiB, { seed: 5000 + at, name: `f${String(at).padStart(4, '0')}.bin` }));
    el = await mountUploader(prefix, { multiple: '', concurrency: '16' });
    // Each 64 KiB file goes up in one request (the shared helper turns that off for fault tests).
    const { singleRequestMax: _multipart, ...options } = el.options ?? {};
    el.options = { ...options, persist: false };
    const counts = countRenders(el);
    const finished = nextEvent<UploaderEventMap['chunk-queue-complete']>(el, 'chunk-queue-complete', () => true, 380_000);

    el.addFiles(files);
    await el.updateComplete;
    const focusedId = rows(el)[7]?.dataset.task;
    rows(el)[7]?.querySelector<HTMLButtonElement>('[part~="button"]')?.focus();
    const started = performance.now();
    const summaryOfQueue = (await finished).detail;
    console.log(`1 000 files uploaded in ${((performance.now() - started) / 1000).toFixed(1)} s; ${counts.renders} renders in ${counts.frames} frames`);
    await el.updateComplete;
    counts.stop();
    const summaryText = shadow(el).querySelector('[part~="summary"] .counts')?.textContent?.trim();
    const keptRow = rows(el).map((row) => row.dataset.task);
    const focusInKeptRow = shadow(el).activeElement?.closest<HTMLElement>('[data-task]')?.dataset.task;
    (shadow(el).activeElement as HTMLElement | null)?.blur();
    el.requestUpdate();
    await el.updateComplete;
    const rowsWhenDone = rows(el).length;
    const foldedText = shadow(el).querySelector('[part~="folded"] .folded-text')?.textContent?.trim();
    showMoreButton(el)?.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const focusAfterReveal = shadow(el).activeElement?.closest<HTMLElement>('[data-task]')?.getAttribute('aria-posinset');
    const presses = await revealEveryRow(el);
    const everyRow = rows(el);

    expect(summaryOfQueue).to.deep.equal({ succeeded: 1000, failed: 0, canceled: 0 });
    expect(el.tasks.filter((task) => task.state === 'done')).to.have.length(1000);
    expect(summaryText).to.equal('1000 of 1000 files uploaded');
    expect(foldedText).to.equal('1000 files not shown: 1000 uploaded');
    expect(keptRow, 'the row that holds focus stays rendered after its file finished').to.deep.equal([focusedId]);
    expect(focusInKeptRow).to.equal(focusedId);
    expect(rowsWhenDone, 'done rows fold once focus left them').to.equal(0);
    expect(counts.mostRows, 'rows in the DOM at once').to.be.at.most(45);
    expect(counts.rowsInserted, 'each row made about once').to.be.at.most(1100);
    expect(counts.renders, `renders (${counts.renders}) against frames (${counts.frames})`).to.be.at.most(counts.frames + 3);
    expect(focusAfterReveal, 'a reveal moves focus to the first row it showed').to.equal('1');
    expect(presses).to.equal(19);
    expect(everyRow).to.have.length(1000);
    expect(everyRow.map((row) => Number(row.getAttribute('aria-posinset')))).to.deep.equal(files.map((_, at) => at + 1));
    expect(new Set(everyRow.map((row) => row.getAttribute('aria-setsize')))).to.deep.equal(new Set(['1000']));
    for (const at of [0, 1, 137, 500, 998, 999]) {
      const file = files[at]!;
      expect((await storedObject('oss', `${prefix}${file.name}`))?.md5, file.name).to.equal(await md5Hex(file));
    }
  });

  it('folds a long paused list in Chinese on a right-to-left page, without axe violations, and uploads it on resume', async () => {
    const prefix = uniquePrefix('el-folded-rtl');
    const files = Array.from({ length: 60 }, (_, at) => testFile(8 * KiB, { seed: 7000 + at, name: `g${at}.bin` }));
    const page = document.createElement('div');
    page.dir = 'rtl';
    document.body.append(page);
    el = await mountUploader(prefix, { multiple: '', lang: 'zh-CN' }, () => undefined, page);
    el.options = { ...el.options, persist: false };

    el.addFiles(files);
    el.pauseAll();
    await el.updateComplete;
    const shown = rows(el).length;
    const folded = shadow(el).querySelector<HTMLElement>('[part~="folded"]');
    const text = folded?.querySelector<HTMLElement>('.folded-text');
    const button = showMoreButton(el);
    const direction = folded === null ? '' : getComputedStyle(folded).direction;
    const buttonOnTheLeft = button !== null && text !== null && text !== undefined && button.getBoundingClientRect().right <= text.getBoundingClientRect().left + 1;
    const violations = await axeViolations(el);
    const finished = whenQueueDone(el);
    el.resumeAll();
    await finished;

    expect(el.tasks.map((task) => task.state).filter((state) => state !== 'done')).to.deep.equal([]);
    expect(shown).to.equal(30);
    expect(text?.textContent?.trim()).to.equal('另有 30 个文件未显示');
    expect(button?.textContent?.trim()).to.equal('再显示 30 个');
    expect(direction).to.equal('rtl');
    expect(buttonOnTheLeft, 'the row mirrors: its button sits at the inline end, the left').to.equal(true);
    expect(violations).to.deep.equal([]);
    for (const at of [0, 45, 59]) {
      const file = files[at]!;
      expect((await storedObject('oss', `${prefix}${file.name}`))?.md5, file.name).to.equal(await md5Hex(file));
    }
    page.remove();
  });
});
