#!/usr/bin/env node
// `npm start [-- --keep] [Vite's options]`: the demo playground, which is Vite with vite.config.ts.
// `--keep` is ours (Vite refuses options it does not know): it keeps the emulators' stored
// objects after the playground stops, as CHUNK_UPLOADER_KEEP=1 does (server/process-storage.ts).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const keep = process.argv.indexOf('--keep', 2);
if (keep !== -1) {
  process.argv.splice(keep, 1);
  process.env.CHUNK_UPLOADER_KEEP = '1';
}
const vitePackage = createRequire(import.meta.url).resolve('vite/package.json');
await import(pathToFileURL(join(dirname(vitePackage), 'bin/vite.js')).href);
