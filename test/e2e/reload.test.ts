import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interrupted, openUploader, pick, waitListed, waitState } from './lib/page.js';
import { rigAndBrowser } from './lib/suite.js';
import { emulator, uniqueScope, until } from './lib/rig.js';

const PART = 256 * 1024;
const LANES = 2;
const SIZE = 24 * PART + 12_345;

describe('resume after a real page reload half-way', { timeout: 300_000 }, () => {
  const world = rigAndBrowser();

  it('lists the upload after the reload, continues it when the file is picked again, and sends again at most lanes × part size', async (t) => {
    const { prefix, journal } = uniqueScope('reload');
    const file = await world.rig.makeFile('reload.bin', SIZE);
    const storage = emulator(world.rig.servers);
    // Each part waits 150 ms at the emulator, so half-way lasts long enough to be seen.
    await storage.fault({ op: 'UploadPart', action: 'delay', delayMs: 150, keyPrefix: prefix });
    const context = await world.browser.newContext();
    const { page, errors } = await openUploader(context, world.rig.pageUrl({ prefix, journal, 'part-size': PART, concurrency: LANES }));

    await pick(page, file.path);
    const acceptedBefore = await until('half the parts stored', async () => {
      const accepted = await storage.accepted(prefix);
      return accepted.length >= 12 ? accepted.length : undefined;
    });
    await page.reload();
    await waitListed(page);
    const listed = await interrupted(page);
    await pick(page, file.path);
    const task = await waitState(page, 'reload.bin', 'done');

    assert.ok(acceptedBefore < 24, 'the reload came before the end');
    assert.deepEqual(
      listed.map((upload) => [upload.name, upload.size, upload.hasHandle]),
      [['reload.bin', SIZE, false]],
    );
    // The journal may lag the storage by the writes coalesced before the reload; the server's
    // list, not the journal, decides what is sent again.
    assert.ok(listed[0]!.loaded > 0 && listed[0]!.loaded < SIZE, `the list knew ${listed[0]!.loaded} bytes were stored`);
    assert.equal(task.resumed, true, 'continued the session started before the reload');
    const sentAgain = (await storage.partBytes(prefix)) - SIZE;
    t.diagnostic(`bytes sent again: ${sentAgain} (limit ${LANES * PART})`);
    assert.ok(sentAgain <= LANES * PART, `bytes sent again: ${sentAgain} > ${LANES * PART}`);
    assert.deepEqual(
      (await storage.accepted(prefix)).filter((part) => part.count > 1),
      [],
      'no part stored twice',
    );
    assert.deepEqual(await interrupted(page), []);
    assert.deepEqual(errors, []);
    assert.equal(await storage.storedMd5(`${prefix}reload.bin`), file.md5);
    await context.close();
  });
});
