#!/usr/bin/env node
// `npm start [-- --keep] [--port <n>] [--host <name>] [--strictPort] [--open] [--force]`: the demo
// playground, Vite's dev server with vite.config.ts (which starts the emulators and the signer).
// Started through Vite's API rather than its CLI so that the playground's URL is the last line
// printed: the CLI ends with its "press h + enter" hint, and a newcomer should not have to look
// for the address among the lines above it. The shortcuts themselves still work in a terminal.
// `--keep` keeps the emulators' stored objects after the playground stops, as
// CHUNK_UPLOADER_KEEP=1 does (server/process-storage.ts).
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

// The AWS SDK (the S3 signer's) warns on Node 20 that its releases after January 2027 need
// Node 22. That is news for whoever deploys a backend, not for someone trying the playground,
// and it landed under the URL. The SDK's own switch (aws/aws-sdk-js-v3#7983), for this process
// only; set it to anything but `true` to see the warning again.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let args;
try {
  args = parseArgs({
    options: {
      keep: { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
      strictPort: { type: 'boolean' },
      open: { type: 'boolean' },
      force: { type: 'boolean' },
    },
  }).values;
} catch (error) {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  console.error('usage: npm start [-- --keep] [--port <n>] [--host <name>] [--strictPort] [--open] [--force]');
  process.exit(2);
}
if (args.keep === true) process.env.CHUNK_UPLOADER_KEEP = '1';
const port = args.port === undefined ? undefined : Number(args.port);
if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
  console.error(`npm start: --port ${args.port} is not a port number`);
  process.exit(2);
}

const { createLogger, createServer } = await import('vite');
const logger = createLogger();
const logInfo = logger.info.bind(logger);
// Vite's dependency optimizer says "[optimizer] scanning dependencies..." when its first scan
// (on a fresh clone) takes over a second: cache work, and it would land after the URL.
logger.info = (message, options) => {
  if (!message.includes('[optimizer]')) logInfo(message, options);
};
const server = await createServer({
  configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
  customLogger: logger,
  forceOptimizeDeps: args.force === true,
  server: {
    ...(port === undefined ? {} : { port }),
    ...(args.host === undefined ? {} : { host: args.host }),
    ...(args.strictPort === true ? { strictPort: true } : {}),
    ...(args.open === true ? { open: true } : {}),
  },
});
try {
  await server.listen();
} catch (error) {
  console.error(`npm start: the playground could not listen: ${error instanceof Error ? error.message : String(error)}`);
  await server.close();
  process.exit(1);
}
const info = (line) => server.config.logger.info(line);
const { local = [], network = [] } = server.resolvedUrls ?? {};
for (const url of network) info(`  also reachable at ${url}`);
// Bound only in an interactive terminal outside CI, as Vite's CLI does.
if (process.stdin.isTTY && !process.env.CI) info('  (press h + enter for Vite\'s shortcuts, Ctrl-C to stop)');
server.bindCLIShortcuts({ print: false });
info('');
info(`  ➜  chunk-uploader playground: ${local[0] ?? '(no local address)'}`);
info('');
