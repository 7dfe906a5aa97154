import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import type { TestRunnerConfig } from '@web/test-runner';
import { CHROME_ARGS, chromeExecutable } from './test/plugins/chrome.js';
import { backendsPlugin } from './test/plugins/backends.js';
import { folderPickPlugin } from './test/plugins/folder-pick.js';
import { networkPlugin } from './test/plugins/network.js';
import { serversPlugin } from './test/plugins/servers.js';
import { umdToEsmPlugin } from './test/plugins/umd-to-esm.js';

const executablePath = chromeExecutable();

const config: TestRunnerConfig = {
  files: ['test/unit/**/*.test.ts', 'test/engine/**/*.test.ts', 'test/element/**/*.test.ts', 'test/conformance/**/*.test.ts'],
  nodeResolve: true,
  rootDir: '.',
  concurrency: 1,
  testsFinishTimeout: 20 * 60 * 1000,
  browserStartTimeout: 60_000,
  testFramework: { config: { ui: 'bdd', timeout: 180_000 } },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    umdToEsmPlugin(['spark-md5', 'crc-32']),
    serversPlugin(),
    backendsPlugin(),
    networkPlugin(),
    folderPickPlugin(),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { ...(executablePath === undefined ? {} : { executablePath }), args: [...CHROME_ARGS], headless: true },
    }),
  ],
};

export default config;
