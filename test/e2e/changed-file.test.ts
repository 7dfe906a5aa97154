import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectedEngines } from '../plugins/browsers.js';
import type { E2eGlobal } from './page/api.js';
import { interruptedIn, listedIn, openIn, stateIn } from './lib/engine-api.js';
import { rigAndEngine } from './lib/suite.js';
import { emulator, rewriteKeepingDate, uniqueScope, until } from './lib/rig.js';

const PART = 256 * 1024;
const SIZE = 16 * PART + 31;

// In every engine BROWSERS selects (all three by default): a reload needs no more than a page.
for (const engine of selectedEngines()) {
  describe(`a file that changed under the same name, size and date (${engine})`, { timeout: 300_000 }, () => {
    const world = rigAndEngine(engine);

    it('is detected after a reload: the old upload is aborted on the storage, and the new content is uploaded from the start', async () => {
      const { prefix, journal } = uniqueScope(`changed-${engine}`);
      const original = await world.rig.makeFile('report.bin', SIZE);
      const storage = emulator(world.rig.servers);
      await storage.fault({ op: 'UploadPart', action: 'delay', delayMs: 150, keyPrefix: prefix });
      const page = await world.browser.newPage();
      await openIn(page, world.rig.pageUrl({ prefix, journal, 'part-size': PART, concurrency: 2 }));

      await page.pickFile(original.path);
      await until('a third of the parts stored', async () => ((await storage.accepted(prefix)).length >= 5 ? true : undefined));
      const [old] = await storage.uploads(prefix);
      await page.reload();
      await listedIn(page);
      const listed = await interruptedIn(page);
      const changed = await rewriteKeepingDate(original);
      await page.pickFile(changed.path);
      const task = await stateIn(page, 'report.bin', 'done');
      const journalAfter = await page.evaluate(() => (globalThis as unknown as E2eGlobal).e2e.journal(), null);

      assert.notEqual(changed.md5, original.md5);
      assert.ok(old !== undefined, 'an upload was open before the reload');
      assert.deepEqual(
        listed.map((upload) => [upload.name, upload.size]),
        [['report.bin', SIZE]],
      );
      assert.equal(task.resumed, false, 'started over instead of continuing the old upload');
      assert.deepEqual(await storage.uploads(prefix), [], 'the old upload was aborted (and the new one completed)');
      const aborts = (await storage.requests(prefix)).filter((request) => request.op === 'AbortMultipartUpload');
      assert.equal(aborts.length, 1);
      const sessions = new Set((await storage.accepted(prefix)).map((part) => part.uploadId));
      assert.equal(sessions.size, 2, 'the new content went to a session of its own');
      assert.ok(sessions.has(old.uploadId));
      assert.equal(journalAfter.length, 1, 'only the finished new upload is journaled');
      assert.notEqual(journalAfter[0]!.fingerprint, listed[0]!.fingerprint, 'the old content\'s entry is gone');
      assert.deepEqual(await interruptedIn(page), []);
      assert.deepEqual(await page.errors(), []);
      assert.equal(await storage.storedMd5(`${prefix}report.bin`), changed.md5);
      await page.close();
    });
  });
}
