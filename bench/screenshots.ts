import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { startServers } from '../server/start.js';
import { CHROME_ARGS, chromeExecutable } from '../test/plugins/chrome.js';
import { benchVite, urlOf } from './lib/vite.js';

/**
 * `npm run screenshots`: photographs the element with a file in each state (uploaded, uploading
 * with speed and time left, failed, retrying, paused) in light, dark, narrow and Chinese, into
 * docs/screenshots/ for the README. The OSS emulator and signer run on loopback; faults make
 * the states, Chromium's network emulation slows the uplink so the speed is real.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, 'docs/screenshots');

const SHOTS = [
  { file: 'light.png', width: 680, scheme: 'light', lang: 'en' },
  { file: 'dark.png', width: 680, scheme: 'dark', lang: 'en' },
  { file: 'narrow.png', width: 390, scheme: 'light', lang: 'en' },
  { file: 'zh-cn.png', width: 680, scheme: 'light', lang: 'zh-CN' },
] as const;

async function main(): Promise<void> {
  await mkdir(out, { recursive: true });
  const servers = await startServers();
  const vite = await benchVite(root);
  const executablePath = chromeExecutable();
  const browser = await chromium.launch({ ...(executablePath === undefined ? {} : { executablePath }), args: [...CHROME_ARGS], headless: true });
  try {
    for (const shot of SHOTS) {
      const prefix = `shots/${Date.now().toString(36)}/`;
      const fault = (rule: Record<string, unknown>): Promise<unknown> => servers.control({ cmd: 'fault', target: 'oss', rule: { op: 'UploadPart', ...rule } } as never);
      await fault({ action: 'status', status: 400, key: `${prefix}measurements.csv`, body: '<Error><Code>InvalidArgument</Code></Error>' });
      await fault({ action: 'status', status: 500, key: `${prefix}photo-0042.jpg` });
      const context = await browser.newContext({ viewport: { width: shot.width, height: 900 }, colorScheme: shot.scheme, locale: shot.lang, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(urlOf(vite, '/bench/page/screenshots.html'));
      await page.waitForFunction('document.title === "shots ready"', undefined, { timeout: 60_000 });
      await page.evaluate(`document.documentElement.lang = ${JSON.stringify(shot.lang)}`);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2_500_000 });
      await page.evaluate(([endpoint, key]) => (globalThis as unknown as { shots: { show(e: string, p: string): Promise<void> } }).shots.show(endpoint, key), [
        `${servers.urls.signer}/oss`,
        prefix,
      ] as const);
      // Long enough for the speed estimate, short of the video finishing.
      await page.waitForFunction(
        `[...(document.querySelector('chunk-uploader')?.shadowRoot?.querySelectorAll('.state') ?? [])].some((s) => /(left|剩余)/.test(s.textContent ?? ''))`,
        undefined,
        { timeout: 60_000 },
      );
      await page.locator('chunk-uploader').screenshot({ path: resolve(out, shot.file), animations: 'disabled' });
      process.stdout.write(`wrote docs/screenshots/${shot.file}\n`);
      await context.close();
      await servers.control({ cmd: 'clear-faults', target: 'oss' } as never);
    }
  } finally {
    await browser.close();
    await vite.close();
    await servers.stop();
  }
}

await main();
