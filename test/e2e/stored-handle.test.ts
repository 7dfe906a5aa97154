import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { E2eGlobal } from './page/api.js';
import { countPartRequests, interrupted, openUploader, waitListed, waitState } from './lib/page.js';
import { rigAndBrowser } from './lib/suite.js';
import { emulator, uniqueScope, until } from './lib/rig.js';

const PART = 256 * 1024;
const LANES = 2;
const SIZE = 20 * PART + 4321;

// Chromium only: file-system handles (drops with getAsFileSystemHandle, showOpenFilePicker)
// exist in Chromium alone. Where they are absent, test/element/element-without-handles.test.ts
// checks in every engine that no resume without the file is offered.
describe('resume from a file handle kept from a drop', { timeout: 300_000 }, () => {
  const world = rigAndBrowser();

  it('continues after a reload with one click on Resume, without the file being picked again', async (t) => {
    const { prefix, journal } = uniqueScope('handle');
    const name = `handle-${Date.now().toString(36)}.bin`;
    const file = await world.rig.makeFile(name, SIZE);
    const storage = emulator(world.rig.servers);
    await storage.fault({ op: 'UploadPart', action: 'delay', delayMs: 150, keyPrefix: prefix });
    const context = await world.browser.newContext();
    const { page, errors } = await openUploader(context, world.rig.pageUrl({ prefix, journal, 'part-size': PART, concurrency: LANES }));
    // The page copies the file into its origin private file system and drops it with its handle.
    await page.locator('#seed').setInputFiles(file.path);

    await page.evaluate((fileName) => (globalThis as unknown as E2eGlobal).e2e.dropFromSeed(fileName), name);
    await until('half the parts stored', async () => ((await storage.accepted(prefix)).length >= 10 ? true : undefined));
    await page.reload();
    await waitListed(page);
    const listed = await interrupted(page);
    const inputFiles = await page.locator('chunk-uploader input[type="file"]').evaluate((input) => (input as unknown as { files: { length: number } }).files.length);
    const parts = countPartRequests(page);
    await page.getByRole('button', { name: `Resume ${name}` }).click();
    const task = await waitState(page, name, 'done');

    assert.deepEqual(
      listed.map((upload) => [upload.name, upload.size, upload.hasHandle]),
      [[name, SIZE, true]],
    );
    assert.equal(inputFiles, 0, 'nothing was picked after the reload');
    assert.equal(task.resumed, true);
    assert.ok(parts.count() > 0 && parts.count() <= 12, `parts sent after the click: ${parts.count()}`);
    const sentAgain = (await storage.partBytes(prefix)) - SIZE;
    t.diagnostic(`bytes sent again: ${sentAgain} (limit ${LANES * PART})`);
    assert.ok(sentAgain <= LANES * PART, `bytes sent again: ${sentAgain} > ${LANES * PART}`);
    assert.deepEqual(errors, []);
    assert.equal(await storage.storedMd5(`${prefix}${name}`), file.md5);
    await context.close();
  });
});
