import assert from 'node:assert/strict';
import OSS from 'ali-oss';
import { describe, it } from 'node:test';
import { OSS_DEFAULTS } from '../../server/emulators/oss.js';
import type { E2eGlobal } from './page/api.js';
import { interrupted, openUploader, pick, waitState } from './lib/page.js';
import { rigAndBrowser } from './lib/suite.js';
import { emulator, uniqueScope, until } from './lib/rig.js';

const PART = 256 * 1024;
const SIZE = 16 * PART + 5;
const MAX_AGE_MS = 60_000;

// Chromium only: it needs several pages on one profile in turn (a tab that closes, a tools
// page, a new tab), which our WebKit driver cannot give (one fresh profile per session). The
// journal's pruning itself is browser-independent code over IndexedDB.
describe('journal cleanup', { timeout: 300_000 }, () => {
  const world = rigAndBrowser();

  it('aborts and forgets an upload older than journalMaxAgeMs, and forgets one whose server session is gone', async () => {
    const { prefix, journal } = uniqueScope('prune');
    const old = await world.rig.makeFile('old.bin', SIZE);
    const gone = await world.rig.makeFile('gone.bin', SIZE);
    const storage = emulator(world.rig.servers);
    await storage.fault({ op: 'UploadPart', action: 'delay', delayMs: 150, keyPrefix: prefix });
    const settings = { prefix, journal, 'part-size': PART, concurrency: 2, 'max-age-ms': MAX_AGE_MS };
    const context = await world.browser.newContext();
    const first = await openUploader(context, world.rig.pageUrl(settings));
    const partsOf = async (key: string): Promise<number> => (await storage.accepted(prefix)).filter((part) => part.key === key).length;

    // Two uploads left unfinished by a tab that closes.
    await pick(first.page, old.path);
    await until('old.bin under way', async () => ((await partsOf(`${prefix}old.bin`)) >= 3 ? true : undefined));
    await pick(first.page, gone.path);
    await until('gone.bin under way', async () => ((await partsOf(`${prefix}gone.bin`)) >= 3 ? true : undefined));
    await first.page.close();
    const openBefore = await storage.uploads(prefix);
    // gone.bin's session disappears behind the page's back (a lifecycle rule, another client).
    const goneUpload = openBefore.find((upload) => upload.key === `${prefix}gone.bin`)!;
    // Straight at the storage with the SDK: the signer aborts only with the upload's session token.
    const sdk = new OSS({
      endpoint: world.rig.servers.urls.oss!.replace('127.0.0.1', 'localhost'),
      bucket: OSS_DEFAULTS.bucket,
      accessKeyId: OSS_DEFAULTS.accessKeyId,
      accessKeySecret: OSS_DEFAULTS.accessKeySecret,
      secure: false,
    });
    (sdk as unknown as { setSLDEnabled(enable: boolean): void }).setSLDEnabled(true);
    const aborted = (await sdk.abortMultipartUpload(goneUpload.key, goneUpload.uploadId)) as unknown as { res: { status: number } };
    // old.bin's entry is made to look two minutes old, before any element starts on the journal.
    const tools = await context.newPage();
    await tools.goto(world.rig.pageUrl({ ...settings, mount: 'no' }));
    const aged = await tools.evaluate(
      ([ms, name]) => (globalThis as unknown as E2eGlobal).e2e.ageJournal(ms, name),
      [2 * MAX_AGE_MS, 'old.bin'] as const,
    );
    const journaledBefore = await tools.evaluate(() => (globalThis as unknown as E2eGlobal).e2e.journal());
    await tools.close();
    const second = await openUploader(context, world.rig.pageUrl(settings));
    const listed = await interrupted(second.page);
    const journaledAfter = await second.page.evaluate(() => (globalThis as unknown as E2eGlobal).e2e.journal());
    const abortsOfOld = (await storage.requests(`${prefix}old.bin`)).filter((request) => request.op === 'AbortMultipartUpload');
    const openAfter = await storage.uploads(prefix);
    await pick(second.page, old.path);
    const task = await waitState(second.page, 'old.bin', 'done');

    assert.equal(openBefore.length, 2);
    assert.equal(aborted.res.status, 204);
    assert.equal(aged, 1);
    assert.deepEqual(journaledBefore.map((entry) => entry.name).sort(), ['gone.bin', 'old.bin']);
    assert.deepEqual(listed, [], 'nothing is offered to resume');
    assert.deepEqual(journaledAfter, [], 'both entries were removed');
    assert.equal(abortsOfOld.length, 1, 'the old upload was aborted through the signer');
    assert.equal(abortsOfOld[0]!.status, 204);
    assert.deepEqual(openAfter, [], 'no orphaned upload is left on the storage');
    assert.equal(task.resumed, false, 'the pruned file starts over');
    assert.deepEqual(second.errors, []);
    assert.equal(await storage.storedMd5(`${prefix}old.bin`), old.md5);
    await context.close();
  });
});
