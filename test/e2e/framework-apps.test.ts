import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import type { Listening } from '../../server/emulators/shared/listen.js';
import { processStorage } from '../../server/process-storage.js';
import { startServers, type Servers } from '../../server/start.js';
import { launchBrowser } from './lib/browser.js';
import { installFrameworkApps, runTool } from './lib/framework-apps.js';
import { packedTarball } from './lib/packed-build.js';
import { until, writeRandomFile, type DiskFile } from './lib/rig.js';
import { serveFolder } from './lib/static-site.js';

/**
 * examples/react and examples/vue as a user builds them: against the packed tarball installed
 * in a temp folder, type-checked (tsc; vue-tsc with strictTemplates) with no declarations of
 * their own, built with Vite, served from 127.0.0.1, and driven in Chromium: a file picked in
 * each framework's component lands in the embedded OSS emulator with the file's MD5.
 */
describe('the React and Vue example apps', { timeout: 600_000 }, () => {
  let folder: string | undefined;
  let servers: Servers | undefined;
  let browser: Browser | undefined;
  const sites: Listening[] = [];
  let file: DiskFile;
  /** Each app's type check and build, both started at once (two cores: about half the time). */
  const built = new Map<string, Promise<void>>();

  before(async () => {
    folder = await installFrameworkApps(await packedTarball());
    const installed = folder;
    const build = async (app: string, typecheck: string): Promise<void> => {
      await runTool(typecheck, ['-p', 'tsconfig.json'], join(installed, app));
      await runTool('vite/bin/vite.js', ['build', '--logLevel', 'warn'], join(installed, app));
    };
    for (const [app, typecheck] of [['react', 'typescript/bin/tsc'], ['vue', 'vue-tsc/bin/vue-tsc.js']] as const) {
      const pipeline = build(app, typecheck);
      // Awaited by the app's test; a failure is reported there, not as an unhandled rejection.
      pipeline.catch(() => undefined);
      built.set(app, pipeline);
    }
    servers = await startServers();
    browser = await launchBrowser();
    file = await writeRandomFile(join(processStorage(), `framework-apps-${process.pid}.bin`), 3 * 1024 * 1024 + 123);
  }, { timeout: 540_000 });
  after(async () => {
    await Promise.allSettled(built.values());
    await browser?.close();
    await Promise.all(sites.map((site) => site.close()));
    await servers?.stop();
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  }, { timeout: 120_000 });

  const serve = async (app: string): Promise<string> => {
    const site = await serveFolder(join(folder ?? '', app, 'dist'));
    sites.push(site);
    const query = new URLSearchParams({ provider: 'oss', endpoint: `${servers?.urls.signer ?? ''}/oss` });
    return `${site.url}/?${query.toString()}`;
  };

  /** Picks the file in `uploader`'s own file input; resolves with the key the page shows once stored. */
  const upload = async (page: Page, uploader: string, stored: string): Promise<string> => {
    await page.locator(`${uploader} input[type=file]`).setInputFiles(file.path);
    return until(`${stored} shows the stored key`, async () => {
      const text = (await page.locator(stored).textContent()) ?? '';
      return text.startsWith('examples/') ? text : undefined;
    }, 60_000);
  };

  const storedMd5 = async (key: string): Promise<string | undefined> =>
    ((await servers?.control({ cmd: 'object', target: 'oss', key })) as { md5: string } | null)?.md5;

  it('React: type-checks with tsc, builds, and uploads through <ChunkUploaderReact> and plain <chunk-uploader>', async () => {
    await built.get('react');
    const page = await (browser as Browser).newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(await serve('react'));

    const wrapped = await upload(page, '#wrapped', '#wrapped-stored');
    assert.match(wrapped, /^examples\/react\//);
    assert.equal(await storedMd5(wrapped), file.md5);
    assert.equal(await page.locator('#wrapped-progress').textContent(), '100%');
    const plain = await upload(page, '#plain', '#plain-stored');
    assert.equal(await storedMd5(plain), file.md5);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('Vue: type-checks with vue-tsc (strictTemplates), builds, and uploads through <chunk-uploader> with no Vue warning', async () => {
    await built.get('vue');
    const page = await (browser as Browser).newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'warning' || message.type() === 'error') problems.push(message.text());
    });
    await page.goto(await serve('vue'));

    const key = await upload(page, '#uploader', '#stored');
    assert.match(key, /^examples\/vue\//);
    assert.equal(await storedMd5(key), file.md5);
    assert.equal(await page.locator('#progress').textContent(), '100%');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
