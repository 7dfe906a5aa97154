#!/usr/bin/env node
// Runs npm scripts side by side and fails when any of them fails, after all have ended (so one
// run reports every failure). `npm test` runs the node tests beside the browser tests: both
// spend most of their time waiting on browsers, servers and timers, not on the CPU (a full run
// used about a third of this 2-core machine's CPU time with them one after the other).
// Each line is prefixed with its script's name; the exit code is the first non-zero one.
// Usage: node scripts/run-together.mjs <npm script> [<npm script> …]
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('usage: node scripts/run-together.mjs <npm script> [<npm script> …]');
  process.exit(2);
}
const width = Math.max(...scripts.map((name) => name.length));
const startedAt = Date.now();
const children = new Set();
// A signal to this process (CI stopping the run) goes on to every script, which then ends.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
  });
}

function run(script) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    const label = `${script.padEnd(width)} │ `;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${label}${line}\n`));
    }
    child.on('close', (code, signal) => {
      children.delete(child);
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
      const outcome = code === 0 ? 'passed' : `failed (${signal ?? `exit ${code}`})`;
      process.stdout.write(`${label}${outcome} after ${seconds} s\n`);
      resolve(code ?? 1);
    });
  });
}

const codes = await Promise.all(scripts.map(run));
process.exit(codes.find((code) => code !== 0) ?? 0);
