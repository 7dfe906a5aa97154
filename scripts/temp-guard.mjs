#!/usr/bin/env node
// Runs a test command in a temp folder of its own (TMPDIR), and fails when the command leaves a
// `chunk-uploader-*` folder in it: the servers' stores must go with the processes that made them
// (server/process-storage.ts, issue 18). A private folder, because the machine's /tmp is shared
// with other runs whose stores are legitimately there. Whatever else the run leaves (browser
// profiles and the like) is removed with the folder.
// It also bounds the run: a command still running after CHUNK_UPLOADER_TEST_LIMIT_MINUTES
// (default 30) is stopped with its whole process group and fails, so that a hung test fails
// the run in minutes instead of holding CI until its own limit.
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
const limitMinutes = Number(process.env.CHUNK_UPLOADER_TEST_LIMIT_MINUTES ?? 30);
// A group of its own, so that the limit stops the browsers and servers the command started too.
const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, TMPDIR: folder }, detached: true });
const signalGroup = (signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
};
// Being in another group, the child no longer gets a terminal's Ctrl-C itself: pass it on, then
// wait for the command to finish and check.
process.on('SIGINT', () => signalGroup('SIGINT'));
process.on('SIGTERM', () => signalGroup('SIGTERM'));
let timedOut = false;
const limit = setTimeout(() => {
  timedOut = true;
  console.error(`\n✗ ${command} ${args.slice(-1)[0] ?? ''} still ran after ${limitMinutes} min: stopping it`);
  signalGroup('SIGTERM');
  setTimeout(() => signalGroup('SIGKILL'), 15_000).unref();
}, limitMinutes * 60_000);
const { code, signal } = await new Promise((resolve) => child.once('exit', (c, s) => resolve({ code: c, signal: s })));
clearTimeout(limit);
// Whatever the command left running in its group goes with it.
signalGroup('SIGKILL');

const left = readdirSync(folder).filter((name) => name.startsWith('chunk-uploader-'));
rmSync(folder, { recursive: true, force: true });
if (left.length > 0) {
  console.error(`\n✗ the run left ${left.length} chunk-uploader-* folder(s) in its temp folder: ${left.join(', ')}`);
  process.exit(1);
}
if (timedOut) process.exit(1);
if (signal !== null) process.kill(process.pid, signal);
console.log(`\n✓ no chunk-uploader-* folder left in the temp folder (${command} ${args.slice(-1)[0] ?? ''})`);
process.exit(code ?? 1);
