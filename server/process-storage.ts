import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every folder a process's servers keep on disk (the emulators' stores, s3rver's folder, the e2e
 * rig's files and profiles, the benches' files) lives under one folder per process,
 * `<temp>/chunk-uploader-<pid>`, so that one synchronous `rmSync` removes all of it when the
 * process ends: an `exit` handler cannot wait for the stores' async `close()`.
 *
 * - Normal exit and `process.exit()`: the `exit` handler removes the folder.
 * - SIGINT, SIGTERM: when someone else listens (Vite, Playwright, a test runner), they
 *   shut down and exit, and the `exit` handler runs; when nobody does, the folder is removed here
 *   and the signal is raised again, so the process still dies of it (exit status 128 + n).
 * - SIGKILL (or SIGHUP, a crash) cannot be handled: the next process that opens its folder sweeps every
 *   `chunk-uploader-<pid>` folder whose process is gone (checked by pid and, on Linux, by the
 *   process's start time, so a reused pid does not keep a dead process's folder alive).
 * - Kept (`keep`, `--keep` in the playground, CHUNK_UPLOADER_KEEP=1): the folder is marked and
 *   neither removed at exit nor swept; the user removes it.
 */

const PREFIX = 'chunk-uploader-';
const OWNER_FILE = 'owner.json';
// Not SIGHUP: `nohup` ignores it on purpose, and a listener would turn it back into an exit (a
// playground whose terminal closed is swept at the next start instead).
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

interface Owner {
  readonly pid: number;
  /** /proc/<pid>/stat start time (clock ticks since boot), or null where there is no /proc. */
  readonly started: string | null;
  readonly keep: boolean;
}

interface Root {
  readonly path: string;
  keep: boolean;
}

let root: Root | undefined;

/** True when CHUNK_UPLOADER_KEEP asks to keep the stores (`1`, `true` or `yes`). */
export function keepRequestedByEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes)$/i.test(env.CHUNK_UPLOADER_KEEP ?? '');
}

/**
 * This process's storage folder, created (and the orphans of killed processes swept) on the first
 * call. `keep: true` marks it kept from then on; without it, CHUNK_UPLOADER_KEEP decides.
 */
export function processStorage(options: { readonly keep?: boolean } = {}): string {
  if (root === undefined) {
    const tmp = tmpdir();
    sweepOrphans(tmp);
    root = { path: join(tmp, `${PREFIX}${process.pid}`), keep: false };
    setAsideKeptFolder(root.path);
    installHooks();
  }
  // Again on every call: a store opened after an earlier one's folder was removed still has one.
  mkdirSync(root.path, { recursive: true });
  const keep = root.keep || (options.keep ?? keepRequestedByEnv());
  if (keep !== root.keep || readOwner(root.path) === undefined) {
    root.keep = keep;
    writeOwner(root);
  }
  return root.path;
}

/** Whether this process keeps its stores (stores then skip their own removal on close). */
export function keepsStorage(): boolean {
  return root?.keep ?? keepRequestedByEnv();
}

/** Removes `chunk-uploader-<pid>` folders whose process is gone and which are not kept. */
export function sweepOrphans(tmp: string = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(tmp);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = new RegExp(`^${PREFIX}(\\d+)$`).exec(name);
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid === process.pid) continue;
    const path = join(tmp, name);
    // No owner file yet: a process that has just made its folder, or one killed in between.
    const owner = readOwner(path) ?? { pid, started: null, keep: false };
    if (owner.keep || isRunning(owner)) continue;
    rmSync(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}

/** A folder kept by an earlier process that had our pid: renamed, so our exit does not remove it. */
function setAsideKeptFolder(path: string): void {
  const owner = readOwner(path);
  if (owner === undefined || !owner.keep) return;
  renameSync(path, `${path}-kept-${owner.started ?? Date.now()}`);
}

function isRunning(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (owner.started === null) return true;
  const now = startTime(owner.pid);
  return now === null || now === owner.started;
}

function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; start time is 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function readOwner(path: string): Owner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(path, OWNER_FILE), 'utf8')) as Partial<Owner>;
    if (typeof parsed.pid !== 'number') return undefined;
    return { pid: parsed.pid, started: typeof parsed.started === 'string' ? parsed.started : null, keep: parsed.keep === true };
  } catch {
    return undefined;
  }
}

function writeOwner(current: Root): void {
  const owner: Owner = { pid: process.pid, started: startTime(process.pid), keep: current.keep };
  writeFileSync(join(current.path, OWNER_FILE), `${JSON.stringify(owner)}\n`);
}

function removeRoot(): void {
  if (root === undefined || root.keep) return;
  try {
    rmSync(root.path, { recursive: true, force: true });
  } catch {
    // Exiting anyway; the next start sweeps what is left.
  }
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  removeRoot();
  for (const each of SIGNALS) process.off(each, onSignal);
  process.kill(process.pid, signal);
}

function installHooks(): void {
  process.once('exit', removeRoot);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
