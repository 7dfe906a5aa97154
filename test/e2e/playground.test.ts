import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import type { ControlCommand } from '../../server/control.js';
import type { LoggedRequest } from '../../server/emulators/shared/request-log.js';
import { launchBrowser } from './lib/browser.js';
import { killPlaygrounds, startPlayground, type Playground } from './lib/playground.js';
import { until, writeRandomFile, type DiskFile } from './lib/rig.js';

/** Every target the playground offers, as its provider switch lists them. */
const TARGETS = ['oss', 's3', 'qingstor', 'qiniu', 'qiniu-v2', 'cos-v4', 'azure'] as const;

/**
 * The newcomer's first ten minutes (issue 13, item 8): `npm start` as a user runs it (CI set,
 * colours off), its page in Chromium, and the page's own servers. One playground and one
 * browser page for every test here; the tests run in order and share the page's state.
 */
describe('npm start: the playground', { timeout: 300_000 }, () => {
  let playground: Playground;
  let browser: Browser | undefined;
  let page: Page;
  let folder: string | undefined;
  let printedAtStart = '';
  const files = new Map<string, DiskFile>();
  const problems: string[] = [];

  const control = async <T>(command: ControlCommand): Promise<T> => {
    const response = await fetch(new URL('api/__control', playground.url), { method: 'POST', body: JSON.stringify(command) });
    assert.equal(response.status, 200, `control ${command.cmd} answered ${response.status}`);
    return (await response.json()) as T;
  };

  /** Picks the storage in the page's provider switch (which also clears that storage's faults). */
  const selectStorage = async (target: string): Promise<void> => {
    await page.locator('header select').first().selectOption(target);
    await until(`the element to use ${target}`, async () =>
      (await page.locator('chunk-uploader').getAttribute('provider')) === target ? true : undefined,
    );
  };

  /** Picks `file` in the element; resolves with its row in the results panel once the page checked it. */
  const upload = async (file: DiskFile, rowsBefore: number): Promise<{ href: string | undefined; text: string }> => {
    await page.locator('chunk-uploader input[type=file]').setInputFiles(file.path);
    return until(`${file.name} in the stored objects`, async () => {
      const rows = page.locator('table.results tbody tr');
      if ((await rows.count()) <= rowsBefore) return undefined;
      const row = rows.first();
      const text = (await row.textContent()) ?? '';
      // The row is done once the stored MD5 was compared with the file's (✓ or ✗).
      if (!text.includes(file.name) || !/[✓✗]/.test(text)) return undefined;
      const link = row.locator('a');
      return { href: (await link.count()) === 0 ? undefined : ((await link.getAttribute('href')) ?? undefined), text };
    }, 60_000);
  };

  const resultRows = (): Promise<number> => page.locator('table.results tbody tr').count();

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'playground-test-'));
    for (const target of [...TARGETS, 'log']) {
      files.set(target, await writeRandomFile(join(folder, `playground-${target}.bin`), 1024 * 1024 + 512 * 1024 + 123));
    }
    playground = await startPlayground({ env: { CI: 'true' } });
    printedAtStart = playground.output();
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(playground.url);
    await page.waitForFunction("customElements.get('chunk-uploader') !== undefined");
  });
  after(async () => {
    await browser?.close();
    if (playground !== undefined) {
      playground.child.kill('SIGTERM');
      await playground.stopped();
    }
    killPlaygrounds();
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  it('npm start prints the page URL last, with no AWS SDK warning and no timestamps', () => {
    const lines = printedAtStart.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    assert.match(lines.at(-1) ?? '', /^➜ {2}chunk-uploader playground: http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.doesNotMatch(printedAtStart, /AWS SDK|NodeVersionSupportWarning|Warning:/);
    assert.doesNotMatch(printedAtStart, /\[vite\]|\d:\d\d:\d\d/, 'no timestamped lines');
    assert.ok(lines.length <= 6, `a few lines, not ${lines.length}:\n${printedAtStart}`);
  });

  for (const target of TARGETS) {
    it(`${target}: a file uploaded through the page is served at its "Stored at" link, same MD5`, async () => {
      const file = files.get(target) as DiskFile;
      await selectStorage(target);
      const row = await upload(file, await resultRows());
      assert.match(row.text, /✓/, `the page found the stored MD5 equal to the file's: ${row.text}`);
      assert.ok(row.href !== undefined, 'the row links to the stored object');
      assert.notEqual(new URL(row.href).origin, new URL(playground.url).origin, 'the link is the storage’s, not the page’s');
      const response = await fetch(row.href);
      assert.equal(response.status, 200, `GET ${row.href.split('?')[0] ?? ''} answered ${response.status}`);
      const md5 = createHash('md5').update(Buffer.from(await response.arrayBuffer())).digest('hex');
      assert.equal(md5, file.md5);
    });
  }

  it('cos-v4: an instant upload that sends no slice says so in the chaos panel; forgetting the copies lets the faults act', async () => {
    const file = files.get('cos-v4') as DiskFile;
    await selectStorage('cos-v4');
    await page.locator('button[data-preset=expire]').click();
    await until('the fault to be in place', async () => ((await control<unknown[]>({ cmd: 'faults', target: 'cos-v4' })).length > 0 ? true : undefined));
    const slicesSent = async (): Promise<number> => (await control<LoggedRequest[]>({ cmd: 'requests', target: 'cos-v4', op: 'upload_slice_data' })).length;
    const sentBefore = await slicesSent();
    // The same bytes again, under a new key (the signer picks one per upload): COS copies them.
    await upload(file, await resultRows());
    const note = page.locator('.note');
    await until('the no-fault note', async () => ((await note.count()) > 0 ? true : undefined), 10_000);
    assert.match((await note.textContent()) ?? '', new RegExp(`No fault fired for ${file.name}`));
    assert.equal(await slicesSent(), sentBefore, 'no slice went up');

    await page.locator('button[data-action=forget-stored]').click();
    await until('the note to go', async () => ((await note.count()) === 0 ? true : undefined), 10_000);
    const [rule] = await control<{ rule: { action: string } }[]>({ cmd: 'faults', target: 'cos-v4' });
    assert.equal(rule?.rule.action, 'expire', 'the fault is still in place');
    const row = await upload(file, await resultRows());
    assert.match(row.text, /✓/);
    const expired = (await control<LoggedRequest[]>({ cmd: 'requests', target: 'cos-v4' })).filter((entry) => entry.fault === 'expire');
    assert.ok(expired.length > 0, 'this time the slices went up and met the fault');
    assert.equal(await page.locator('.note').count(), 0);
  });

  it('the request log shows requests while in flight and their end without a reload', async () => {
    await selectStorage('oss');
    await page.locator('button[data-preset=slow]').click();
    const rowsBefore = await resultRows();
    await page.locator('chunk-uploader input[type=file]').setInputFiles((files.get('log') as DiskFile).path);
    const cells = async (): Promise<string[][]> =>
      page.locator('table.log tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim() ?? '')));
    // A part held by the 1 s delay shows as in flight (—), then as answered, on the same row.
    const seq = await until('an UploadPart in flight on screen', async () => (await cells()).find((row) => row[1] === 'PUT UploadPart' && row[2] === '—')?.[0], 20_000);
    await until(`request #${seq} answered on screen`, async () => ((await cells()).find((row) => row[0] === seq)?.[2] === '200' ? true : undefined), 20_000);
    await until('the upload to finish', async () => ((await resultRows()) > rowsBefore ? true : undefined), 60_000);
    // Every row ends as the server logged it, the newest first.
    const server = (await control<LoggedRequest[]>({ cmd: 'requests', target: 'oss' })).slice(-40).reverse();
    await until('every row to match the server’s log', async () => {
      const shown = await cells();
      return shown.length === server.length && shown.every((row, i) => row[0] === String(server[i]?.seq) && row[2] === String(server[i]?.status)) ? true : undefined;
    }, 5_000);
    await page.locator('button.secondary', { hasText: 'Clear all faults' }).click();
  });

  it('prints nothing more while the page is used, and the page threw nothing', () => {
    assert.equal(playground.output().trimEnd(), printedAtStart.trimEnd());
    assert.deepEqual(problems, []);
  });
});
