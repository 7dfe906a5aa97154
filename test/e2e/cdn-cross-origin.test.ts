import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright';
import { listen, type Listening } from '../../server/emulators/shared/listen.js';
import { processStorage } from '../../server/process-storage.js';
import { startServers, type Servers } from '../../server/start.js';
import { launchBrowser } from './lib/browser.js';
import { packedTarball } from './lib/packed-build.js';
import { until, writeRandomFile } from './lib/rig.js';

const run = promisify(execFile);

/**
 * dist/cdn/chunk-uploader.min.js as a CDN serves it: from one loopback origin, to a plain HTML
 * page on another, with no bundler and no import map. Workers must be same-origin with the
 * page, so the file starts its hash worker from a Blob URL; an upload that needs part MD5s
 * (OSS) only succeeds if that worker runs.
 */
describe('the CDN file on another origin', { timeout: 600_000 }, () => {
  let servers: Servers | undefined;
  let browser: Browser | undefined;
  const sites: Listening[] = [];

  before(async () => {
    const { stdout: script } = await run('tar', ['-xzOf', await packedTarball(), 'package/dist/cdn/chunk-uploader.min.js'], { maxBuffer: 16 * 1024 * 1024 });
    servers = await startServers();
    const cdn = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*' }).end(script);
    });
    sites.push(cdn);
    const endpoint = `${servers.urls.signer ?? ''}/oss`;
    const page = `<!doctype html><html lang="en"><meta charset="utf-8"><title>CDN</title>
      <script type="module" src="${cdn.url}/chunk-uploader.min.js"></script>
      <chunk-uploader provider="oss" endpoint="${endpoint}"></chunk-uploader>
      <script>
        document.addEventListener('chunk-upload-success', (event) => { window.storedKey = event.detail.result.key; });
        document.addEventListener('chunk-upload-error', (event) => { window.uploadError = event.detail.error.message; });
      </script></html>`;
    sites.push(await listen((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page)));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await Promise.all(sites.map((site) => site.close()));
    await servers?.stop();
  });

  it('defines <chunk-uploader>, hashes in a Blob-URL worker, and uploads (stored MD5 = the file\'s)', async () => {
    const file = await writeRandomFile(join(processStorage(), `cdn-${process.pid}.bin`), 2 * 1024 * 1024 + 7);
    const page = await (browser as Browser).newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    await page.goto(sites[1]?.url ?? '');
    assert.notEqual(new URL(sites[0]?.url ?? '').origin, new URL(page.url()).origin);
    await page.waitForFunction("customElements.get('chunk-uploader') !== undefined");

    await page.locator('chunk-uploader input[type=file]').setInputFiles(file.path);
    const key = await until('the upload ends', async () => {
      const outcome = await page.evaluate<string | null>("window.storedKey ?? (window.uploadError === undefined ? null : 'error: ' + window.uploadError)");
      return outcome ?? undefined;
    }, 60_000);

    assert.doesNotMatch(key, /^error: /);
    assert.equal(((await servers?.control({ cmd: 'object', target: 'oss', key })) as { md5: string } | null)?.md5, file.md5);
    assert.ok(workers.some((url) => url.startsWith('blob:')), `a Blob-URL worker ran: ${workers.join(' ')}`);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
