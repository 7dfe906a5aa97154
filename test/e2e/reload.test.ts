import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectedEngines } from '../plugins/browsers.js';
import { interruptedIn, listedIn, openIn, stateIn } from './lib/engine-api.js';
import { rigAndEngine } from './lib/suite.js';
import { emulator, uniqueScope, until } from './lib/rig.js';

const PART = 256 * 1024;
const LANES = 2;
const SIZE = 24 * PART + 12_345;

// In every engine BROWSERS selects (all three by default): a reload needs no more than a page.
for (const engine of selectedEngines()) {
  describe(`resume after a real page reload half-way (${engine})`, { timeout: 300_000 }, () => {
    const world = rigAndEngine(engine);

    it('lists the upload after the reload, continues it when the file is picked again, and sends again at most lanes × part size', async (t) => {
      const { prefix, journal } = uniqueScope(`reload-${engine}`);
      const file = await world.rig.makeFile('reload.bin', SIZE);
      const storage = emulator(world.rig.servers);
      // Each part waits 150 ms at the emulator, so half-way lasts long enough to be seen.
      await storage.fault({ op: 'UploadPart', action: 'delay', delayMs: 150, keyPrefix: prefix });
      const page = await world.browser.newPage();
      await openIn(page, world.rig.pageUrl({ prefix, journal, 'part-size': PART, concurrency: LANES }));

      await page.pickFile(file.path);
      const acceptedBefore = await until('half the parts stored', async () => {
        const accepted = await storage.accepted(prefix);
        return accepted.length >= 12 ? accepted.length : undefined;
      });
      await page.reload();
      await listedIn(page);
      const listed = await interruptedIn(page);
      await page.pickFile(file.path);
      const task = await stateIn(page, 'reload.bin', 'done');

      assert.ok(acceptedBefore < 24, 'the reload came before the end');
      // No engine keeps a handle for a file that came through the file input.
      assert.deepEqual(
        listed.map((upload) => [upload.name, upload.size, upload.hasHandle]),
        [['reload.bin', SIZE, false]],
      );
      // The journal may lag the storage by the writes coalesced before the reload; the server's
      // list, not the journal, decides what is sent again.
      assert.ok(listed[0]!.loaded > 0 && listed[0]!.loaded < SIZE, `the list knew ${listed[0]!.loaded} bytes were stored`);
      assert.equal(task.resumed, true, 'continued the session started before the reload');
      const sentAgain = (await storage.partBytes(prefix)) - SIZE;
      t.diagnostic(`${engine}: bytes sent again: ${sentAgain} (limit ${LANES * PART})`);
      assert.ok(sentAgain <= LANES * PART, `bytes sent again: ${sentAgain} > ${LANES * PART}`);
      assert.deepEqual(
        (await storage.accepted(prefix)).filter((part) => part.count > 1),
        [],
        'no part stored twice',
      );
      assert.deepEqual(await interruptedIn(page), []);
      assert.deepEqual(await page.errors(), []);
      assert.equal(await storage.storedMd5(`${prefix}reload.bin`), file.md5);
      await page.close();
    });
  });
}
