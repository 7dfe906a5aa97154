import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { E2eGlobal } from './page/api.js';
import { launchProfile } from './lib/browser.js';
import { interrupted, openUploader, pageApi, pick, waitListed, waitState } from './lib/page.js';
import { rigAndBrowser } from './lib/suite.js';
import { emulator, uniqueScope } from './lib/rig.js';

const PART = 256 * 1024;
const SIZE = 12 * PART + 3;
const NOTICE =
  'This browser does not let the page save upload progress, so uploads cannot continue after a reload or a crash. Keep this page open until they finish.';

// Chromium only: IndexedDB is refused through Chromium's "block all cookies" profile
// preference, written before launch. The element's fallback when IndexedDB cannot be opened is
// tested in every engine in test/element/element-resume.test.ts (a journal whose open fails).
describe('IndexedDB blocked', { timeout: 300_000 }, () => {
  const world = rigAndBrowser();

  it('uploads from memory, shows the notice, and throws nothing at the page', async () => {
    const { prefix, journal } = uniqueScope('no-idb');
    const file = await world.rig.makeFile('private.bin', SIZE);
    const storage = emulator(world.rig.servers);
    const context = await world.browser.newContext();
    // As some private modes do: opening a database throws. Given as text, because the test
    // runner's transpiler would wrap a function's inner arrows in a helper the page lacks.
    await context.addInitScript({
      content: `Object.defineProperty(IDBFactory.prototype, 'open', {
        configurable: true,
        value() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
      });`,
    });
    const { page, errors } = await openUploader(context, world.rig.pageUrl({ prefix, journal, 'part-size': PART, concurrency: 2 }));

    const notice = await pageApi(page, 'notice');
    await pick(page, file.path);
    const task = await waitState(page, 'private.bin', 'done');
    const events = await page.evaluate(() => (globalThis as unknown as E2eGlobal).e2e.events.map((event) => [event.type, event.to ?? '']));
    await page.reload();
    await waitListed(page);
    const listedAfterReload = await interrupted(page);

    assert.equal(notice, NOTICE);
    assert.deepEqual(
      events.filter(([type]) => type === 'chunk-journal-fallback'),
      [['chunk-journal-fallback', 'unavailable']],
    );
    assert.equal(task.state, 'done');
    assert.deepEqual(listedAfterReload, [], 'nothing survived the reload, and nothing pretends to');
    assert.deepEqual(errors, []);
    assert.equal(await storage.storedMd5(`${prefix}private.bin`), file.md5);
    await context.close();
  });

  it('uploads with the browser set to block all cookies, where IndexedDB and Web Locks are both refused', async () => {
    const { prefix, journal } = uniqueScope('no-cookies');
    const file = await world.rig.makeFile('no-cookies.bin', SIZE);
    const storage = emulator(world.rig.servers);
    const context = await launchProfile(await mkdtemp(join(world.rig.tmp, 'profile-')), { blockCookies: true });
    try {
      const { page, errors } = await openUploader(context, world.rig.pageUrl({ prefix, journal, 'part-size': PART, concurrency: 2 }));

      await pick(page, file.path);
      const task = await waitState(page, 'no-cookies.bin', 'done');
      const notice = await pageApi(page, 'notice');

      assert.equal(task.state, 'done');
      assert.equal(notice, NOTICE);
      assert.deepEqual(errors, []);
      assert.equal(await storage.storedMd5(`${prefix}no-cookies.bin`), file.md5);
    } finally {
      await context.close();
    }
  });
});
