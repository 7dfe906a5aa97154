import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright';
import type { ViteDevServer } from 'vite';
import { startServers } from '../server/start.js';
import { OSS_DEFAULTS } from '../server/emulators/oss.js';
import { ossV1Sign, ossV1StringToSign } from '../server/verify/oss-v1.js';
import { chromeExecutable } from '../test/plugins/chrome.js';
import { makeBenchFile, parseSize } from './lib/bench-file.js';
import { frameLines, loadAverage } from './lib/frame-lines.js';
import { launchBrowser } from './lib/launch-browser.js';
import { TaskTrace, type TaskFigures } from './lib/task-trace.js';
import { machineConditions } from './lib/machine.js';
import { browserCpu, cpuDelta } from './lib/process-cpu.js';
import { RendererMemory } from './lib/renderer-memory.js';
import { strictCspPlugin } from './lib/strict-csp.js';
import { bundledHashWorker } from './lib/bundled-worker.js';
import { benchVite, urlOf } from './lib/vite.js';

/**
 * `npm run bench [-- --size 1GiB --runs 3 --part-size 8MiB --concurrency 4 --uplink 400]`
 * (`--only <words>` picks scenarios by name; `--profile <path>` saves a main-thread CPU profile
 * of each run as `<path>-<key>.cpuprofile`, for Chrome DevTools.) Each run's line is followed by
 * its long tasks and the attribution of its animation frames of 50 ms or more (frame-watch.ts).
 *
 * `--uplink` caps the page's upload speed (megabits per second) with Chromium's network
 * emulation, as a real link would: on loopback the emulator and the browser share this machine's
 * cores, so the uncapped runs measure CPU contention as much as the uploader.
 *
 * Uploads a generated file on disk from system Chromium to the OSS emulator on loopback and
 * prints, for each scenario, the median MB/s, the longest main-thread task and the renderer's
 * peak resident memory. A tool, not a test: nothing asserts a speed.
 *
 * `--suite sink` measures the client instead, against a sink that discards bytes, beside
 * hand-written baselines and on batches of small files (bench/sink-bench.ts).
 */

const MiB = 1024 * 1024;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1GiB' },
    runs: { type: 'string', default: '3' },
    'part-size': { type: 'string', default: '8MiB' },
    concurrency: { type: 'string', default: '4' },
    'hash-workers': { type: 'string' },
    only: { type: 'string' },
    uplink: { type: 'string' },
    profile: { type: 'string' },
    suite: { type: 'string', default: 'emulator' },
    scale: { type: 'string', default: '1' },
  },
});
const size = parseSize(values.size);
const runs = Number(values.runs);
const partSize = parseSize(values['part-size']);
const concurrency = Number(values.concurrency);
const hashWorkers = values['hash-workers'] === undefined ? undefined : Number(values['hash-workers']);
const uplinkMbps = values.uplink === undefined ? undefined : Number(values.uplink);
if (uplinkMbps !== undefined && !(uplinkMbps > 0)) throw new Error(`--uplink must be megabits per second, got ${values.uplink}`);

interface Sample {
  readonly seconds: number;
  readonly longestTaskMs: number;
  readonly peakBytes: number;
  readonly engine?: string;
  /** Main-thread long tasks (>= 50 ms) and animation frames >= 50 ms, with what each was made of. */
  readonly longTasks?: number;
  readonly longFrames?: number;
  readonly frames?: readonly string[];
  readonly trace?: TaskFigures;
  /** CPU seconds each side spent during the run (the emulators run in this process). */
  readonly cpu?: string;
}

interface Scenario {
  readonly name: string;
  /** Serve the page with a CSP that forbids WebAssembly (no 'wasm-unsafe-eval'). */
  readonly strictCsp?: boolean;
  run(page: Page, key: string): Promise<Omit<Sample, 'peakBytes' | 'cpu'>>;
  /** The object key whose stored MD5 must equal the file's, when the scenario uploads. */
  readonly uploads: boolean;
}

function median(numbers: readonly number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const servers = await startServers();
  const hashWorker = await bundledHashWorker(root);
  const vites: Record<'plain' | 'strict', ViteDevServer> = {
    plain: await benchVite(root, [hashWorker]),
    strict: await benchVite(root, [strictCspPlugin(), hashWorker]),
  };
  const file = await makeBenchFile(size);
  const executablePath = chromeExecutable();
  const endpoint = `${servers.urls.signer}/oss`;
  const ossUrl = servers.urls.oss ?? '';
  const engineRun = (integrity: boolean, through: 'engineUpload' | 'elementUpload' = 'engineUpload') => async (page: Page, key: string) =>
    page.evaluate(([run, fn]) => (globalThis as unknown as { bench: Record<string, (r: unknown) => Promise<Omit<Sample, 'peakBytes'>>> }).bench[fn]!(run), [{
      endpoint,
      key,
      integrity,
      partSize,
      concurrency,
      ...(hashWorkers === undefined ? {} : { hashWorkers }),
    }, through] as const);
  const all: Scenario[] = [
    {
      name: 'raw XHR PUT of the whole file (wire limit)',
      uploads: true,
      run: (page, key) => page.evaluate((url) => (globalThis as unknown as { bench: { rawPut(u: string): Promise<Omit<Sample, 'peakBytes'>> } }).bench.rawPut(url), presignPut(ossUrl, key)),
    },
    { name: 'engine, hashing off', uploads: true, run: engineRun(false) },
    { name: 'engine, Content-MD5 on every part', uploads: true, run: engineRun(true) },
    { name: 'element <chunk-uploader>, hashing off', uploads: true, run: engineRun(false, 'elementUpload') },
    { name: 'element <chunk-uploader>, Content-MD5 on every part', uploads: true, run: engineRun(true, 'elementUpload') },
    { name: 'engine, Content-MD5, strict CSP (no WebAssembly)', uploads: true, strictCsp: true, run: engineRun(true) },
    {
      name: 'hash pool alone (MD5 of every part)',
      uploads: false,
      run: (page) =>
        page.evaluate((run) => (globalThis as unknown as { bench: { hashOnly(r: unknown): Promise<Omit<Sample, 'peakBytes'>> } }).bench.hashOnly(run), {
          partSize,
          ...(hashWorkers === undefined ? {} : { hashWorkers }),
        }),
    },
  ];
  const scenarios = all.filter((scenario) => values.only === undefined || values.only.split(',').some((word) => scenario.name.includes(word)));

  const results: { scenario: Scenario; samples: Sample[] }[] = [];
  try {
    for (const scenario of scenarios) {
      const samples: Sample[] = [];
      for (let run = 1; run <= runs; run += 1) {
        const key = `bench/${Date.now().toString(36)}-${run}.bin`;
        const vite = scenario.strictCsp === true ? vites.strict : vites.plain;
        const sample = await runOnce(scenario, key, file.path, executablePath, urlOf(vite, '/bench/page/index.html'));
        if (scenario.uploads) {
          const stored = await servers.control({ cmd: 'object', target: 'oss', key });
          const md5 = (stored as { md5?: string } | null)?.md5;
          if (md5 !== file.md5) throw new Error(`${scenario.name}: stored MD5 ${md5 ?? 'none'} ≠ file MD5 ${file.md5}`);
        }
        const phases = scenario.uploads ? await phasesOf(servers, key) : '';
        await servers.control({ cmd: 'reset', target: 'oss' });
        samples.push(sample);
        process.stderr.write(`  ${scenario.name} run ${run}: ${(size / MiB / sample.seconds).toFixed(1)} MB/s${phases}; ${sample.cpu ?? ''}; load ${loadAverage()}\n${frameLines(sample)}`);
      }
      results.push({ scenario, samples });
    }
  } finally {
    await file.cleanup();
    await Promise.all(Object.values(vites).map((vite) => vite.close()));
    await servers.stop();
  }
  printTable(results, executablePath);
}

async function runOnce(scenario: Scenario, key: string, path: string, executablePath: string | undefined, url: string): Promise<Sample> {
  const { browser, pid } = await launchBrowser(executablePath);
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction('document.title === "bench ready"', undefined, { timeout: 60_000 });
    await page.setInputFiles('#file', path);
    if (uplinkMbps !== undefined) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: (uplinkMbps * 1e6) / 8,
      });
    }
    const memory = new RendererMemory(pid);
    const browserBefore = browserCpu(pid);
    const serversBefore = process.cpuUsage();
    memory.start();
    const profiler = values.profile === undefined ? undefined : await page.context().newCDPSession(page);
    await profiler?.send('Profiler.enable');
    await profiler?.send('Profiler.setSamplingInterval', { interval: 1000 });
    await profiler?.send('Profiler.start');
    const trace = new TaskTrace();
    await trace.start(page);
    const result = await scenario.run(page, key);
    const tasks = await trace.stop();
    if (profiler !== undefined && values.profile !== undefined) {
      const { profile } = await profiler.send('Profiler.stop');
      await writeFile(`${values.profile}-${key.replace(/\W/g, '_')}.cpuprofile`, JSON.stringify(profile));
    }
    const servers = process.cpuUsage(serversBefore);
    const cpu = `CPU s: servers ${((servers.user + servers.system) / 1e6).toFixed(1)}, ${cpuDelta(browserBefore, browserCpu(pid))}`;
    return { ...result, peakBytes: memory.stop(), cpu, trace: tasks };
  } finally {
    await browser.close();
  }
}

/** Where the server's time went: the span of part uploads and the completion, from its log. */
async function phasesOf(servers: Awaited<ReturnType<typeof startServers>>, key: string): Promise<string> {
  const log = (await servers.control({ cmd: 'requests', target: 'oss', keyPrefix: key })) as { op: string; at: number; doneAt: number }[];
  const parts = log.filter((r) => r.op === 'UploadPart' || r.op === 'PutObject');
  const complete = log.find((r) => r.op === 'CompleteMultipartUpload');
  if (parts.length === 0) return '';
  const span = (Math.max(...parts.map((r) => r.doneAt)) - Math.min(...parts.map((r) => r.at))) / 1000;
  const completeMs = complete === undefined ? 0 : complete.doneAt - complete.at;
  return ` (parts ${span.toFixed(2)} s over ${parts.length} requests${complete === undefined ? '' : `, complete ${completeMs} ms`})`;
}

/** A presigned PutObject URL (our own V1 code), so the raw run pays the same server work. */
function presignPut(ossUrl: string, key: string): string {
  const expires = String(Math.floor(Date.now() / 1000) + 3600);
  const sts = ossV1StringToSign({
    method: 'PUT',
    contentMd5: '',
    contentType: '',
    dateOrExpires: expires,
    ossHeaders: {},
    bucket: OSS_DEFAULTS.bucket,
    key,
    query: {},
  });
  const signature = encodeURIComponent(ossV1Sign(OSS_DEFAULTS.accessKeySecret, sts));
  return `${ossUrl}/${OSS_DEFAULTS.bucket}/${key}?OSSAccessKeyId=${OSS_DEFAULTS.accessKeyId}&Expires=${expires}&Signature=${signature}`;
}

function printTable(results: readonly { scenario: Scenario; samples: Sample[] }[], executablePath: string | undefined): void {
  const rows = results.map(({ scenario, samples }) => {
    const mbps = median(samples.map((s) => size / MiB / s.seconds));
    return {
      name: scenario.name,
      mbps,
      longest: Math.max(...samples.map((s) => s.longestTaskMs)),
      peak: median(samples.map((s) => s.peakBytes)) / MiB,
      engine: samples.find((s) => s.engine !== undefined)?.engine ?? '',
    };
  });
  const raw = rows.find((row) => row.name.startsWith('raw'))?.mbps;
  const off = rows.find((row) => row.name === 'engine, hashing off')?.mbps;
  console.log('');
  console.log(`chunk-uploader bench: ${(size / MiB).toFixed(0)} MiB file on disk, part ${partSize / MiB} MiB, ${concurrency} lanes, median of ${runs} runs`);
  if (uplinkMbps !== undefined) console.log(`  uplink capped at ${uplinkMbps} Mbit/s (${(uplinkMbps / 8).toFixed(1)} MB/s) by Chromium's network emulation`);
  for (const line of machineConditions(executablePath)) console.log(`  ${line}`);
  console.log('');
  console.log('| scenario | MB/s (median) | vs raw wire | vs hashing off | longest main-thread task (max) | renderer peak RSS (median) |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const vsRaw = raw === undefined ? '' : `${((row.mbps / raw) * 100).toFixed(0)} %`;
    const vsOff = off === undefined || !row.name.startsWith('engine') ? '' : `${((row.mbps / off) * 100).toFixed(0)} %`;
    const task = row.longest === 0 ? 'none ≥ 50 ms' : `${row.longest.toFixed(0)} ms`;
    console.log(`| ${row.name}${row.engine ? ` [${row.engine}]` : ''} | ${row.mbps.toFixed(1)} | ${vsRaw} | ${vsOff} | ${task} | ${row.peak.toFixed(0)} MiB |`);
  }
  console.log('');
  console.log('MB/s is MiB per second of file bytes. Long tasks are those the browser reports (≥ 50 ms).');
}

if (values.suite === 'sink') {
  const { runSinkBench } = await import('./sink-bench.js');
  await runSinkBench({ size, runs, scale: Number(values.scale), only: values.only, root, ...(values.profile === undefined ? {} : { profile: values.profile }) });
} else await main();
