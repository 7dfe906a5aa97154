import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { E2eGlobal } from './page/api.js';
import { countPartRequests, openUploader, pick, waitState } from './lib/page.js';
import { rigAndBrowser } from './lib/suite.js';
import { emulator, uniqueScope, until } from './lib/rig.js';

const PART = 256 * 1024;
const PARTS = 16;
const SIZE = (PARTS - 1) * PART + 9999;

// Chromium only: two tabs of one browser profile, sharing IndexedDB, Web Locks and
// BroadcastChannel, each watched for its own requests (Playwright pages of one context).
// WebKitWebDriver drives one window per session, and every session is a fresh profile; the
// element's "uploading in another tab" view is tested in every engine in
// test/element/element-resume.test.ts (two elements on one journal in one page).
describe('two tabs, the same file', { timeout: 300_000 }, () => {
  const world = rigAndBrowser();

  it('uploads in one tab only, shows the other as uploading elsewhere with its progress, and lets it finish when the first closes', async () => {
    const { prefix, journal } = uniqueScope('tabs');
    const file = await world.rig.makeFile('shared.bin', SIZE);
    const storage = emulator(world.rig.servers);
    // The first tab's third part request is never answered, so that tab stays busy with
    // everything else stored; every other part waits 200 ms, so its progress keeps moving.
    await storage.fault({ op: 'UploadPart', action: 'stall', nth: [3], afterBytes: 0, keyPrefix: prefix });
    await storage.fault({ op: 'UploadPart', action: 'delay', delayMs: 200, keyPrefix: prefix });
    const url = world.rig.pageUrl({ prefix, journal, 'part-size': PART, concurrency: 2, 'stall-ms': 600_000 });
    const context = await world.browser.newContext();
    const first = await openUploader(context, url);
    const second = await openUploader(context, url);
    const secondParts = countPartRequests(second.page);

    await pick(first.page, file.path);
    await waitState(first.page, 'shared.bin', 'uploading');
    await pick(second.page, file.path);
    await waitState(second.page, 'shared.bin', 'blocked');
    await second.page.waitForFunction(
      () => ((globalThis as unknown as E2eGlobal).e2e.tasks()[0]?.elsewhere?.loaded ?? 0) > 0,
      undefined,
      { timeout: 120_000, polling: 50 },
    );
    // The row renders on Lit's next update after the progress arrives, so wait for the text.
    const stateCell = second.page.locator('chunk-uploader [part~="file"] .state');
    await stateCell.filter({ hasText: /%$/ }).waitFor({ timeout: 30_000 });
    const rowText = await stateCell.textContent();
    await until('all parts but the stalled one stored', async () => ((await storage.accepted(prefix)).length === PARTS - 1 ? true : undefined));
    const partsFromSecondWhileBlocked = secondParts.count();
    await first.page.close();
    const task = await waitState(second.page, 'shared.bin', 'done');

    assert.match(rowText ?? '', /^Uploading in another tab, \d+%$/);
    assert.equal(partsFromSecondWhileBlocked, 0, 'the waiting tab sent no part');
    assert.equal(task.resumed, true, 'the second tab took over the first tab\'s upload');
    assert.equal(secondParts.count(), 1, 'the second tab sent only the part the first never finished');
    const accepted = await storage.accepted(prefix);
    assert.equal(accepted.length, PARTS);
    assert.deepEqual(
      accepted.filter((part) => part.count !== 1),
      [],
      'no part accepted twice',
    );
    assert.equal(new Set(accepted.map((part) => part.uploadId)).size, 1, 'one upload session');
    assert.deepEqual(await storage.uploads(prefix), []);
    assert.deepEqual(first.errors, []);
    assert.deepEqual(second.errors, []);
    assert.equal(await storage.storedMd5(`${prefix}shared.bin`), file.md5);
    await context.close();
  });
});
