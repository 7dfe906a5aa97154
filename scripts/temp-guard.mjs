#!/usr/bin/env node
// Runs a test command in a temp folder of its own (TMPDIR), and fails when the command leaves a
// `chunk-uploader-*` folder in it: the servers' stores must go with the processes that made them
// (server/process-storage.ts, issue 18). A private folder, because the machine's /tmp is shared
// with other runs whose stores are legitimately there. Whatever else the run leaves (browser
// profiles and the like) is removed with the folder.
// Usage: node scripts/temp-guard.mjs <command> [args…]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  console.error('usage: node scripts/temp-guard.mjs <command> [args…]');
  process.exit(2);
}
const folder = mkdtempSync(join(tmpdir(), 'test-run-'));
const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, TMPDIR: folder } });
// A terminal's Ctrl-C reaches the child itself (same process group): this process waits for it
// to finish and checks. A SIGTERM sent to this process alone is passed on.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
const { code, signal } = await new Promise((resolve) => child.once('exit', (c, s) => resolve({ code: c, signal: s })));

const left = readdirSync(folder).filter((name) => name.startsWith('chunk-uploader-'));
rmSync(folder, { recursive: true, force: true });
if (left.length > 0) {
  console.error(`\n✗ the run left ${left.length} chunk-uploader-* folder(s) in its temp folder: ${left.join(', ')}`);
  process.exit(1);
}
if (signal !== null) process.kill(process.pid, signal);
console.log(`\n✓ no chunk-uploader-* folder left in the temp folder (${command} ${args.slice(-1)[0] ?? ''})`);
process.exit(code ?? 1);
