import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import type { TestRunnerConfig } from '@web/test-runner';
import { backendsPlugin } from './test/plugins/backends.js';
import { chromiumLane, launcherFor, selectedEngines, type Engine } from './test/plugins/browsers.js';
import { folderPickPlugin } from './test/plugins/folder-pick.js';
import { networkPlugin } from './test/plugins/network.js';
import { pageProbePlugin } from './test/plugins/page-probe.js';
import { serversPlugin } from './test/plugins/servers.js';
import { timingReporter } from './test/plugins/timing-reporter.js';
import { umdToEsmPlugin } from './test/plugins/umd-to-esm.js';

/**
 * Everything runs in Chromium (test/element-chromium: element tests whose behaviour is not
 * engine-specific), in two browsers side by side (chromiumLane): the engine's tests in one, the
 * element's and the conformance suite in the other.
 */
const CHROMIUM_LANES = [
  { name: 'Chromium', files: ['test/unit/**/*.test.ts', 'test/engine/**/*.test.ts'] },
  { name: 'Chromium · element', files: ['test/element/**/*.test.ts', 'test/element-chromium/**/*.test.ts', 'test/conformance/**/*.test.ts'] },
];
/**
 * The shared conformance suite (every target, faults included), the resume tests and the element
 * run in every engine. The other conformance files check one protocol's own rules (Qiniu's
 * blocks, COS v4's slices, S3's recovery, Azurite and s3rver): protocol code that is the same in
 * every engine, whose engine-facing side (XHR, Blob slices, workers, IndexedDB) the shared suite
 * already runs everywhere. In Chromium only, they save about 100 s per engine.
 */
const EVERY_ENGINE_FILES = ['test/element/**/*.test.ts', 'test/conformance/targets.test.ts', 'test/conformance/*-resume.test.ts'];

/** `--files x.test.ts` on the command line: those files, in each engine BROWSERS selects. */
const filesFromCommandLine = process.argv.includes('--files');
const engines: Engine[] = selectedEngines();
const launchers = new Map(engines.map((engine) => [engine, launcherFor(engine)] as const));
const launcherOf = (engine: Engine) => launchers.get(engine)!;
const groupsOf = (engine: Engine) =>
  engine === 'chromium'
    ? CHROMIUM_LANES.map((lane, i) => ({ name: lane.name, files: lane.files, browsers: [i === 0 ? launcherOf(engine) : chromiumLane(lane.name)] }))
    : [{ name: engine, files: EVERY_ENGINE_FILES, browsers: [launcherOf(engine)] }];
const groups = filesFromCommandLine ? [] : engines.flatMap(groupsOf);
const browserNames = filesFromCommandLine ? engines.map((engine) => launcherOf(engine).name) : groups.map((group) => group.browsers[0]!.name);

const config: TestRunnerConfig = {
  // One group per engine, two for Chromium (BROWSERS=chromium,… picks the engines; all three by
  // default). The groups run at the same time, one test file at a time in each, each against its
  // own servers.
  ...(filesFromCommandLine ? { browsers: engines.map(launcherOf) } : { groups }),
  reporters: [defaultReporter(), timingReporter()],
  nodeResolve: true,
  rootDir: '.',
  concurrency: 1,
  concurrentBrowsers: filesFromCommandLine ? engines.length : groups.length,
  testsFinishTimeout: 20 * 60 * 1000,
  // Three engines share two cores: under load WebKit took over a minute to open a test page.
  // The WebKit launcher gives a page 100 s, then tries once more with a new driver.
  browserStartTimeout: 240_000,
  testsStartTimeout: 180_000,
  testFramework: { config: { ui: 'bdd', timeout: 180_000 } },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    umdToEsmPlugin(['spark-md5', 'crc-32', 'cos-js-sdk-v4']),
    serversPlugin(),
    backendsPlugin(browserNames),
    networkPlugin(),
    pageProbePlugin(),
    folderPickPlugin(),
  ],
};

export default config;
