import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright';
import type { LoggedRequest } from '../server/emulators/shared/request-log.js';
import { launchBrowser } from '../test/e2e/lib/browser.js';
import { openUploader, pick, waitListed, waitState } from '../test/e2e/lib/page.js';
import { emulator, startRig, uniqueScope, until, type DiskFile, type Rig } from '../test/e2e/lib/rig.js';
import type { E2eGlobal } from '../test/e2e/page/api.js';
import { CHROME_ARGS, chromeExecutable } from '../test/plugins/chrome.js';
import { parseSize } from './lib/bench-file.js';
import { machineConditions } from './lib/machine.js';

/**
 * `npm run bench:resume [-- --size 256MiB --runs 3 --part-size 8MiB --concurrency 4]`
 *
 * What a resume costs. For each scenario and run: upload a generated file on disk from system
 * Chromium to the OSS emulator through `<chunk-uploader>` (the end-to-end page), reload the page
 * once half the parts are stored, make the file available again (pick it, or click Resume on a
 * stored handle), and read from the emulator's request log:
 *
 * - bytes sent again: body bytes of every part request minus the file size;
 * - time to the first new part request: from the moment the file is available again (just before
 *   setInputFiles or the click) to the first part request the emulator saw after it;
 * - time to done: from that moment until the page reports the upload done.
 *
 * Every upload is checked by the stored object's MD5. A tool, not a test: nothing asserts a time.
 */

const MiB = 1024 * 1024;

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '256MiB' },
    runs: { type: 'string', default: '3' },
    'part-size': { type: 'string', default: '8MiB' },
    concurrency: { type: 'string', default: '4' },
  },
});
const size = parseSize(values.size);
const runs = Number(values.runs);
const partSize = parseSize(values['part-size']);
const concurrency = Number(values.concurrency);
const halfParts = Math.ceil(Math.ceil(size / partSize) / 2);

interface Sample {
  readonly resentBytes: number;
  /** Undefined when every part was already stored at the reload (nothing new to send). */
  readonly firstPartMs: number | undefined;
  readonly doneMs: number;
  readonly storedAtReload: number;
}

interface Scenario {
  readonly name: string;
  /** Starts the upload in a fresh page. */
  start(page: Page, file: DiskFile): Promise<void>;
  /** Makes the file available again after the reload; called at the measured moment. */
  again(page: Page, file: DiskFile): Promise<void>;
}

const scenarios: readonly Scenario[] = [
  {
    name: 'reload, pick the file again',
    start: (page, file) => pick(page, file.path),
    again: (page, file) => pick(page, file.path),
  },
  {
    name: 'reload, one click on Resume (handle kept from a drop)',
    async start(page, file) {
      await page.locator('#seed').setInputFiles(file.path);
      await page.evaluate((name) => (globalThis as unknown as E2eGlobal).e2e.dropFromSeed(name), file.name);
    },
    again: (page, file) => page.getByRole('button', { name: `Resume ${file.name}` }).click(),
  },
];

function median(numbers: readonly number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function runOnce(rig: Rig, browser: Browser, scenario: Scenario, file: DiskFile, run: number): Promise<Sample> {
  const { prefix, journal } = uniqueScope(`bench-resume-${run}`);
  const storage = emulator(rig.servers);
  const context = await browser.newContext();
  try {
    const { page, errors } = await openUploader(context, rig.pageUrl({ prefix, journal, 'part-size': partSize, concurrency }));
    await scenario.start(page, file);
    const storedAtReload = await until(
      'half the parts stored',
      async () => {
        const stored = (await storage.accepted(prefix)).length;
        return stored >= halfParts ? stored : undefined;
      },
      600_000,
    );
    await page.reload();
    await waitListed(page);
    const available = Date.now();
    await scenario.again(page, file);
    await waitState(page, file.name, 'done', 600_000);
    const doneMs = Date.now() - available;
    const parts: LoggedRequest[] = await storage.partRequests(prefix);
    const firstNew = Math.min(...parts.filter((request) => request.at >= available).map((request) => request.at));
    const md5 = await storage.storedMd5(`${prefix}${file.name}`);
    if (md5 !== file.md5) throw new Error(`${scenario.name}: stored MD5 ${md5 ?? 'none'} ≠ file MD5 ${file.md5}`);
    if (errors.length > 0) throw new Error(`${scenario.name}: the page threw ${errors.join('; ')}`);
    return {
      resentBytes: parts.reduce((sum, request) => sum + request.bytesIn, 0) - file.size,
      firstPartMs: Number.isFinite(firstNew) ? firstNew - available : undefined,
      doneMs,
      storedAtReload,
    };
  } finally {
    await context.close();
    await rig.servers.control({ cmd: 'reset', target: 'oss' });
  }
}

async function main(): Promise<void> {
  const conditions = machineConditions(chromeExecutable());
  const rig = await startRig();
  const results: { scenario: Scenario; samples: Sample[] }[] = [];
  try {
    const file = await rig.makeFile(`resume-${size}.bin`, size);
    const browser = await launchBrowser();
    try {
      for (const scenario of scenarios) {
        const samples: Sample[] = [];
        for (let run = 1; run <= runs; run += 1) {
          const sample = await runOnce(rig, browser, scenario, file, run);
          samples.push(sample);
          process.stderr.write(
            `  ${scenario.name} run ${run}: ${sample.storedAtReload} parts stored at the reload, ` +
              `${(sample.resentBytes / MiB).toFixed(2)} MiB sent again, first new part after ${sample.firstPartMs ?? '— (none left)'} ms, ` +
              `done after ${sample.doneMs} ms\n`,
          );
        }
        results.push({ scenario, samples });
      }
    } finally {
      await browser.close();
    }
  } finally {
    await rig.close();
  }
  console.log('');
  console.log(
    `chunk-uploader resume bench: ${(size / MiB).toFixed(0)} MiB file on disk, part ${partSize / MiB} MiB, ${concurrency} lanes, ` +
      `page reloaded once ${halfParts} of ${Math.ceil(size / partSize)} parts were stored, median of ${runs} runs`,
  );
  for (const line of conditions) console.log(`  ${line}`);
  console.log(`  Chromium flags: ${CHROME_ARGS.join(' ')}`);
  console.log('');
  console.log('| scenario | bytes sent again (median) | limit: lanes × part | file available → first new part request (median) | file available → done (median) |');
  console.log('|---|---:|---:|---:|---:|');
  for (const { scenario, samples } of results) {
    const resent = median(samples.map((s) => s.resentBytes));
    const measured = samples.map((s) => s.firstPartMs).filter((ms): ms is number => ms !== undefined);
    const first = measured.length === 0 ? 'none: no part was left to send' : `${median(measured).toFixed(0)} ms${measured.length < samples.length ? ` (${measured.length} of ${samples.length} runs had a part left)` : ''}`;
    const done = median(samples.map((s) => s.doneMs));
    console.log(
      `| ${scenario.name} | ${(resent / MiB).toFixed(2)} MiB (${resent} B) | ${((concurrency * partSize) / MiB).toFixed(0)} MiB | ${first} | ${(done / 1000).toFixed(1)} s |`,
    );
  }
  console.log('');
  console.log('Times are wall-clock in the Node process, which also runs the emulator (one clock for both).');
}

await main();
