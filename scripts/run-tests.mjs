#!/usr/bin/env node
// `npm test`: every check and every test, in two phases, so that the suite fits its 15-minute
// budget on two cores.
// 1. Side by side: the static checks (tsc, ESLint, the size budget), the Node server tests and the
//    Node end-to-end tests (in two chains: the package's, and the rest). None of them reads what another writes (each node:test run has a temp
//    folder of its own, scripts/temp-guard.mjs), and together they keep both cores busy where one
//    after another left one idle most of the time.
// 2. The browser tests, which use both cores by themselves (three engines side by side).
// A chain's output is printed whole when it ends, so the log reads one chain at a time. Phase 2
// runs only when phase 1 passed, as `&&` would.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const npmRun = (script) => ({ command: process.platform === 'win32' ? 'npm.cmd' : 'npm', args: ['run', '--silent', script], label: `npm run ${script}` });
const nodeTests = (files) => ({
  command: process.execPath,
  args: ['scripts/temp-guard.mjs', process.execPath, '--import', 'tsx', '--test', '--test-concurrency=1', ...files],
  label: `node --test ${files.length} files`,
});

// The e2e files that build and install the package (they share one build, packed-build.ts,
// which is kept per temp folder): one chain. Every other e2e file (resume, crash, tabs) goes
// in the other, new ones included.
const PACKAGE_E2E = new Set(['cdn-cross-origin', 'custom-elements-manifest', 'framework-apps', 'packed-package', 'playground']);
const e2eFiles = readdirSync('test/e2e')
  .filter((name) => name.endsWith('.test.ts'))
  .sort()
  .map((name) => ({ name, packaged: PACKAGE_E2E.has(name.replace(/\.test\.ts$/, '')) }));
const e2eOf = (packaged) => e2eFiles.filter((file) => file.packaged === packaged).map((file) => `test/e2e/${file.name}`);

const PHASE_ONE = [
  { name: 'static checks', steps: ['typecheck', 'lint', 'size'].map(npmRun) },
  { name: 'node server tests', steps: [npmRun('test:server')] },
  { name: 'node e2e tests: the package', steps: [nodeTests(e2eOf(true))] },
  { name: 'node e2e tests: resume and the rest', steps: [nodeTests(e2eOf(false))] },
];
const PHASE_TWO = [{ name: 'browser tests', steps: [npmRun('test:browser')], live: true, limitMinutes: 40 }];

// A step that hangs (a handle that never closes, a hook that never settles) is killed with
// everything it started and fails the run with its output so far, rather than holding CI to
// its own 90-minute limit with nothing to show. Each limit is over twice the step's usual time.
const DEFAULT_LIMIT_MINUTES = 20;

/** Every process below `root` (Linux's /proc; elsewhere none, and only the step itself is killed). */
function descendants(root) {
  const children = new Map();
  let names;
  try {
    names = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  for (const name of names) {
    try {
      // The parent id is the second field after the command, which is in parentheses.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
    } catch {
      // Exited meanwhile.
    }
  }
  const found = [];
  for (let queue = [root]; queue.length > 0; ) {
    const next = children.get(queue.shift()) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}

function runStep({ command, args, label }, live, limitMinutes) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout?.on('data', (data) => output.push(data));
    child.stderr?.on('data', (data) => output.push(data));
    const watchdog = setTimeout(() => {
      output.push(Buffer.from(`\n✗ ${label} still running after ${limitMinutes} minutes: killed\n`));
      for (const pid of [child.pid, ...descendants(child.pid)]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }, limitMinutes * 60_000);
    const settle = (result) => {
      clearTimeout(watchdog);
      resolve(result);
    };
    child.once('error', (error) => settle({ code: 1, output: Buffer.from(`${error.message}\n`) }));
    child.once('exit', (code, signal) => {
      // Not 'close': a grandchild that kept the pipes open must not hold the run.
      setTimeout(() => settle({ code: code ?? (signal === null ? 1 : 128), output: Buffer.concat(output) }), 500);
    });
  });
}

async function runChain(chain) {
  const started = Date.now();
  console.log(`▶ ${chain.name}: ${chain.steps.map((step) => step.label).join(', ')}`);
  for (const step of chain.steps) {
    const { code, output } = await runStep(step, chain.live === true, chain.limitMinutes ?? DEFAULT_LIMIT_MINUTES);
    if (output.length > 0) {
      console.log(`\n──── ${chain.name} · ${step.label} ────`);
      process.stdout.write(output);
    }
    if (code !== 0) {
      console.log(`✗ ${chain.name}: ${step.label} failed (exit ${code}) after ${seconds(started)} s`);
      return false;
    }
  }
  console.log(`✓ ${chain.name} passed in ${seconds(started)} s`);
  return true;
}

const seconds = (since) => ((Date.now() - since) / 1000).toFixed(0);

const startedAt = Date.now();
for (const phase of [PHASE_ONE, PHASE_TWO]) {
  const results = await Promise.all(phase.map(runChain));
  if (results.includes(false)) {
    console.log(`\n✗ npm test failed after ${seconds(startedAt)} s`);
    process.exit(1);
  }
}
console.log(`\n✓ npm test passed in ${seconds(startedAt)} s`);
