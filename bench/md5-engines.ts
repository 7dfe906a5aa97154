import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
import { CHROME_ARGS, chromeExecutable } from '../test/plugins/chrome.js';
import { parseSize } from './lib/bench-file.js';
import { machineConditions } from './lib/machine.js';
import { benchVite, urlOf } from './lib/vite.js';

/**
 * `npm run bench:md5 [-- --size 64MiB --runs 5]`: MD5 implementations in a Chromium worker,
 * best of N runs each (the least disturbed run shows the engine's own speed).
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { size: { type: 'string', default: '64MiB' }, runs: { type: 'string', default: '5' } } });
const size = parseSize(values.size);
const executablePath = chromeExecutable();
const vite = await benchVite(root);
const browser = await chromium.launch({ ...(executablePath === undefined ? {} : { executablePath }), args: [...CHROME_ARGS] });
try {
  const page = await browser.newPage();
  await page.goto(urlOf(vite, '/bench/page/md5-engines.html'));
  await page.waitForFunction('document.title === "md5 ready"');
  const rates = await page.evaluate(
    ([bytes, runs]) => (globalThis as unknown as { md5Engines: { measure(s: number, r: number): Promise<Record<string, number>> } }).md5Engines.measure(bytes, runs),
    [size, Number(values.runs)] as const,
  );
  console.log(`MD5 in a Chromium worker, ${size / 2 ** 20} MiB in memory, best of ${values.runs} runs`);
  for (const line of machineConditions(executablePath)) console.log(`  ${line}`);
  console.log('\n| engine | MB/s |\n|---|---:|');
  for (const [name, rate] of Object.entries(rates)) console.log(`| ${name} | ${rate} |`);
} finally {
  await browser.close();
  await vite.close();
}
