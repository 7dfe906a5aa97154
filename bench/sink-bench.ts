import { writeFile } from 'node:fs/promises';
import type { Page } from 'playwright';
import { chromeExecutable } from '../test/plugins/chrome.js';
import { makeBenchFile } from './lib/bench-file.js';
import { frameLines, loadAverage, type FrameFigures } from './lib/frame-lines.js';
import { launchBrowser } from './lib/launch-browser.js';
import { TaskTrace } from './lib/task-trace.js';
import { machineConditions } from './lib/machine.js';
import { topSelfTime } from './lib/profile-summary.js';
import { browserCpu, cpuDelta } from './lib/process-cpu.js';
import { RendererMemory } from './lib/renderer-memory.js';
import type { BenchServer } from './lib/bench-server.js';
import { startS3rverBench, type S3rverBench } from './lib/s3rver-presigner.js';
import { startSink, type SinkServer } from './lib/sink-server.js';
import { startTusServer, type TusServer } from './lib/tus-server.js';
import { bundledHashWorker } from './lib/bundled-worker.js';
import { benchVite, urlOf } from './lib/vite.js';
import { SINK_SCENARIOS, type SinkScenario } from './sink-scenarios.js';

/**
 * `npm run bench -- --suite sink [--size 1GiB --runs 3 --scale 1 --only words --profile x]`: the client
 * against a sink that discards bytes (bench/lib/sink-server.ts), beside hand-written baselines,
 * and beside the peers (tus-js-client to @tus/server, Uppy 6 to s3rver and to the sink), in one
 * interleaved run (each round runs every scenario once, in order, in a fresh browser). After each
 * run the server's finished objects and their bytes are checked against the files: a run that
 * lost a file throws.
 * `--scale 0.1` shrinks the batches' file counts, for a quick check that it works; `--profile`
 * prints each run's main-thread functions with the most self time and saves its CPU profile there.
 */
export interface SinkBenchOptions {
  readonly size: number;
  readonly runs: number;
  readonly scale: number;
  readonly only: string | undefined;
  readonly root: string;
  /** Print the main thread's top self-time functions of each run, and save its CPU profile as `<profile>-<scenario>-<round>.cpuprofile`. */
  readonly profile?: string;
}

interface Sample extends FrameFigures {
  readonly seconds: number;
  readonly peakBytes: number;
  readonly cpu: string;
  readonly requestsPerFile: number;
  /** Milliseconds from the start to the first file done (batches). */
  readonly firstFileMs?: number;
}

/** The servers a round uploads to, started and stopped by the bench. */
interface Servers {
  readonly sink: SinkServer;
  readonly tus: TusServer;
  readonly s3rver: S3rverBench;
}

const MiB = 1024 * 1024;

function median(numbers: readonly number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export async function runSinkBench(options: SinkBenchOptions): Promise<void> {
  const servers: Servers = { sink: await startSink(), tus: await startTusServer(), s3rver: await startS3rverBench() };
  const vite = await benchVite(options.root, [await bundledHashWorker(options.root)]);
  const file = await makeBenchFile(options.size);
  const executablePath = chromeExecutable();
  const scenarios = SINK_SCENARIOS(options.scale).filter((scenario) => options.only === undefined || options.only.split(',').some((word) => `${scenario.group} · ${scenario.name}`.includes(word)));
  const samples = new Map<SinkScenario, Sample[]>(scenarios.map((scenario) => [scenario, []]));
  try {
    for (let round = 1; round <= options.runs; round += 1) {
      for (const scenario of scenarios) {
        const sample = await runOnce(scenario, round, servers, file.path, options, executablePath, urlOf(vite, '/bench/page/index.html'));
        samples.get(scenario)?.push(sample);
        const first = sample.firstFileMs === undefined || scenario.files === 1 ? '' : `, first file done at ${Math.round(sample.firstFileMs)} ms`;
        process.stderr.write(`  round ${round} · ${scenario.group} · ${scenario.name}: ${sample.seconds.toFixed(2)} s${first}, ${sample.requestsPerFile.toFixed(1)} requests/file; ${sample.cpu}; load ${loadAverage()}\n${frameLines(sample)}`);
      }
    }
  } finally {
    await file.cleanup();
    await vite.close();
    await Promise.all(Object.values(servers).map((server: BenchServer) => server.close()));
  }
  printTable(samples, options, executablePath);
}

/** Throws unless the server finished exactly the scenario's files, with every byte of them. */
async function checkArrived(scenario: SinkScenario, server: BenchServer, options: SinkBenchOptions): Promise<void> {
  const fileSize = scenario.files === 1 ? options.size : Number(scenario.run.size);
  const want = { objects: scenario.files, bytes: scenario.files * fileSize };
  const got = await server.received();
  if (got.objects !== want.objects || got.bytes !== want.bytes) {
    throw new Error(`${scenario.group} · ${scenario.name}: the ${scenario.server ?? 'sink'} finished ${got.objects} objects of ${got.bytes} bytes, expected ${want.objects} of ${want.bytes}`);
  }
}

async function runOnce(scenario: SinkScenario, round: number, servers: Servers, path: string, options: SinkBenchOptions, executablePath: string | undefined, url: string): Promise<Sample> {
  const { browser, pid } = await launchBrowser(executablePath);
  try {
    const page: Page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction('document.title === "bench ready"', undefined, { timeout: 60_000 });
    if (scenario.files === 1) await page.setInputFiles('#file', path);
    const server: BenchServer = servers[scenario.server ?? 'sink'];
    await Promise.all(Object.values(servers).map((each: BenchServer) => each.reset()));
    const memory = new RendererMemory(pid);
    const browserBefore = browserCpu(pid);
    const nodeBefore = process.cpuUsage();
    memory.start();
    const profiler = options.profile !== undefined ? await page.context().newCDPSession(page) : undefined;
    await profiler?.send('Profiler.enable');
    await profiler?.send('Profiler.start');
    const trace = new TaskTrace();
    await trace.start(page);
    const result = await page.evaluate(
      ([fn, run]) => (globalThis as unknown as { bench: Record<string, (r: unknown) => Promise<FrameFigures & { seconds: number; firstFileMs?: number }>> }).bench[fn]!(run),
      [scenario.fn, { sink: servers.sink.url, endpoint: `${servers.sink.url}/sign/oss`, tus: servers.tus.endpoint, presigner: servers.s3rver.presigner, size: options.size, ...scenario.run }] as const,
    );
    if (profiler !== undefined) {
      const { profile } = await profiler.send('Profiler.stop');
      process.stderr.write(`  main thread, ${scenario.name}:\n${topSelfTime(profile).map((line) => `    ${line}`).join('\n')}\n`);
      await writeFile(`${options.profile}-${`${scenario.group}-${scenario.name}`.replace(/\W+/g, '_')}-${round}.cpuprofile`, JSON.stringify(profile));
    }
    const tasks = await trace.stop();
    const node = process.cpuUsage(nodeBefore);
    // Counted before checking: the check's own listing is a request to s3rver.
    const requests = server.requests();
    await checkArrived(scenario, server, options);
    return {
      ...result,
      trace: tasks,
      peakBytes: memory.stop(),
      cpu: `CPU s: servers+bench ${((node.user + node.system) / 1e6).toFixed(1)}, ${cpuDelta(browserBefore, browserCpu(pid))}`,
      requestsPerFile: requests / scenario.files,
    };
  } finally {
    await browser.close();
  }
}

function printTable(samples: ReadonlyMap<SinkScenario, Sample[]>, options: SinkBenchOptions, executablePath: string | undefined): void {
  const rows = [...samples].map(([scenario, list]) => ({
    scenario,
    seconds: median(list.map((s) => s.seconds)),
    longest: Math.max(...list.map((s) => s.longestTaskMs)),
    peak: median(list.map((s) => s.peakBytes)) / MiB,
    requests: median(list.map((s) => s.requestsPerFile)),
    firstFile: scenario.files > 1 && list.every((s) => s.firstFileMs !== undefined) ? median(list.map((s) => s.firstFileMs ?? 0)) : undefined,
    cpu: list[Math.floor(list.length / 2)]?.cpu ?? '',
  }));
  // Each group's yardstick: its fastest hand-written baseline (the hash pipeline is its own).
  const best = new Map<string, number>();
  for (const row of rows) {
    if (row.scenario.hand !== true || row.scenario.hashed === true) continue;
    best.set(row.scenario.group, Math.min(best.get(row.scenario.group) ?? Number.POSITIVE_INFINITY, row.seconds));
  }
  console.log('');
  console.log(`chunk-uploader against a sink (bytes discarded): big file ${(options.size / MiB).toFixed(0)} MiB, batch scale ${options.scale}, median of ${options.runs} interleaved runs`);
  for (const line of machineConditions(executablePath)) console.log(`  ${line}`);
  console.log('');
  console.log('| group | scenario | seconds (median) | × best hand-written | first file done (ms) | longest main-thread task | renderer peak RSS | requests per file | CPU-seconds per process (median run) |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
  for (const row of rows) {
    const yardstick = best.get(row.scenario.group);
    const ratio = yardstick === undefined ? '' : `${(row.seconds / yardstick).toFixed(2)}×`;
    const task = row.longest === 0 ? 'none ≥ 50 ms' : `${row.longest.toFixed(0)} ms`;
    const first = row.firstFile === undefined ? '' : row.firstFile.toFixed(0);
    console.log(`| ${row.scenario.group} | ${row.scenario.name} | ${row.seconds.toFixed(2)} | ${ratio} | ${first} | ${task} | ${row.peak.toFixed(0)} MiB | ${row.requests.toFixed(1)} | ${row.cpu.replace(/^CPU s: /, '')} |`);
  }
  console.log('');
  console.log('× is seconds over the fastest hand-written run of the same group (lower is better). Long tasks are those the browser reports (≥ 50 ms). Requests count signer calls and storage requests at the server (tus: its POSTs, PATCHes and HEADs; s3rver: the presigner and s3rver), never preflights. First file done: from the start of the run (the add() call, or its equivalent) to the first file finished, batches only; the target is 100 ms. CPU-seconds of servers+bench include the sink, @tus/server, s3rver and its presigner, all in the bench process.');
}
