import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext } from 'playwright';
import { killProfileBrowser, launchProfile } from './lib/browser.js';
import { interrupted, openUploader, pick, waitState } from './lib/page.js';
import { emulator, startRig, uniqueScope, until, type Rig } from './lib/rig.js';

const PART = 256 * 1024;
const LANES = 2;
const SIZE = 24 * PART + 777;

// Chromium only: the test SIGKILLs the browser of a persistent profile and starts a new one on
// the same profile (Playwright's launchPersistentContext). Our Firefox driver (puppeteer-core over
// BiDi) and WebKitWebDriver start each browser on a fresh profile, so there is no journal to
// come back to. The reload tests (reload, changed-file) cover the resume path in every engine.
describe('resume after the browser process is killed half-way', { timeout: 300_000 }, () => {
  let rig: Rig;
  let context: BrowserContext | undefined;

  before(async () => {
    rig = await startRig();
  });

  after(async () => {
    await context?.close().catch(() => undefined);
    await rig?.close();
  });

  it('lists the upload in a browser relaunched on the same profile and continues it, sending again at most lanes × part size', async (t) => {
    const { prefix, journal } = uniqueScope('crash');
    const file = await rig.makeFile('crash.bin', SIZE);
    const profile = await mkdtemp(join(rig.tmp, 'profile-'));
    const storage = emulator(rig.servers);
    const url = rig.pageUrl({ prefix, journal, 'part-size': PART, concurrency: LANES });
    await storage.fault({ op: 'UploadPart', action: 'delay', delayMs: 150, keyPrefix: prefix });
    context = await launchProfile(profile);
    const first = await openUploader(context, url);

    await pick(first.page, file.path);
    await until('half the parts stored', async () => ((await storage.accepted(prefix)).length >= 12 ? true : undefined));
    const killed = await killProfileBrowser(profile);
    const acceptedAtKill = (await storage.accepted(prefix)).length;
    context = await launchProfile(profile);
    const second = await openUploader(context, url);
    const listed = await interrupted(second.page);
    await pick(second.page, file.path);
    const task = await waitState(second.page, 'crash.bin', 'done');

    assert.ok(killed > 0);
    assert.ok(acceptedAtKill < 24, 'the crash came before the end');
    assert.deepEqual(
      listed.map((upload) => [upload.name, upload.size]),
      [['crash.bin', SIZE]],
    );
    assert.equal(task.resumed, true, 'continued the session the killed browser started');
    const sentAgain = (await storage.partBytes(prefix)) - SIZE;
    t.diagnostic(`bytes sent again: ${sentAgain} (limit ${LANES * PART})`);
    assert.ok(sentAgain <= LANES * PART, `bytes sent again: ${sentAgain} > ${LANES * PART}`);
    assert.deepEqual(second.errors, []);
    assert.equal(await storage.storedMd5(`${prefix}crash.bin`), file.md5);
  });
});
