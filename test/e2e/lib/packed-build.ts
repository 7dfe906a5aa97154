import { createHash } from 'node:crypto';
import { access, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess, type ProcessOutput } from './run-process.js';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** npm in `cwd`, quiet and without colour (its output is parsed). */
export function npm(args: readonly string[], cwd: string): Promise<ProcessOutput> {
  return runProcess(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' },
  });
}

/** Everything the build reads: a change to any of them makes a new tarball. */
async function inputsKey(): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else hash.update(relative(ROOT, path)).update(await readFile(path));
    }
  };
  await walk(join(ROOT, 'src'));
  for (const file of ['package.json', 'README.md', 'vite.config.ts', 'vite.cdn.config.ts', 'tsconfig.build.json', 'tsconfig.server.json', 'custom-elements-manifest.config.mjs']) {
    hash.update(file).update(await readFile(join(ROOT, file)).catch(() => Buffer.alloc(0)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * `npm run build` and `npm pack`, once for every test file of a run: the tarball is kept in the
 * run's temp folder under a key of the build's inputs, and the next test file that asks gets it
 * at once (node --test runs files one after another: --test-concurrency=1). temp-guard removes
 * the folder with the run.
 */
export async function packedTarball(): Promise<string> {
  const folder = join(tmpdir(), `packed-build-${await inputsKey()}`);
  const marker = join(folder, 'tarball');
  const ready = await readFile(marker, 'utf8').catch(() => undefined);
  if (ready !== undefined && (await access(ready).then(() => true, () => false))) return ready;
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  await npm(['run', 'build'], ROOT);
  const { stdout } = await npm(['pack', '--json', '--pack-destination', folder], ROOT);
  const tarball = join(folder, (JSON.parse(stdout) as { filename: string }[])[0]?.filename ?? '');
  await writeFile(marker, tarball);
  return tarball;
}
