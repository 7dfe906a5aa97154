import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { E2eGlobal } from './page/api.js';
import { interrupted, openUploader, pick, waitListed, waitState } from './lib/page.js';
import { rigAndBrowser } from './lib/suite.js';
import { emulator, rewriteKeepingDate, uniqueScope, until } from './lib/rig.js';

const PART = 256 * 1024;
const SIZE = 16 * PART + 31;

describe('a file that changed under the same name, size and date', { timeout: 300_000 }, () => {
  const world = rigAndBrowser();

  it('is detected after a reload: the old upload is aborted on the storage, and the new content is uploaded from the start', async () => {
    const { prefix, journal } = uniqueScope('changed');
    const original = await world.rig.makeFile('report.bin', SIZE);
    const storage = emulator(world.rig.servers);
    await storage.fault({ op: 'UploadPart', action: 'delay', delayMs: 150, keyPrefix: prefix });
    const context = await world.browser.newContext();
    const { page, errors } = await openUploader(context, world.rig.pageUrl({ prefix, journal, 'part-size': PART, concurrency: 2 }));

    await pick(page, original.path);
    await until('a third of the parts stored', async () => ((await storage.accepted(prefix)).length >= 5 ? true : undefined));
    const [old] = await storage.uploads(prefix);
    await page.reload();
    await waitListed(page);
    const listed = await interrupted(page);
    const changed = await rewriteKeepingDate(original);
    await pick(page, changed.path);
    const task = await waitState(page, 'report.bin', 'done');
    const journalAfter = await page.evaluate(() => (globalThis as unknown as E2eGlobal).e2e.journal());

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
    assert.deepEqual(await interrupted(page), []);
    assert.deepEqual(errors, []);
    assert.equal(await storage.storedMd5(`${prefix}report.bin`), changed.md5);
    await context.close();
  });
});
