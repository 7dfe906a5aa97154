import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { npm, ROOT } from './packed-build.js';
import { runProcess } from './run-process.js';

/**
 * The packages the example apps use besides chunk-uploader, linked from the repository's
 * node_modules (the versions of its lock) instead of installed again: the apps resolve them
 * from the folder's node_modules, as they would from their own.
 */
const LINKED = ['react', 'react-dom', '@types/react', '@types/react-dom', 'vue', '@vitejs/plugin-vue', 'vue-tsc', 'typescript', 'vite'];

/** A folder holding the installed tarball and copies of examples/react and examples/vue. */
export async function installFrameworkApps(tarball: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'framework-apps-'));
  try {
    await fill(folder, tarball);
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return folder;
}

async function fill(folder: string, tarball: string): Promise<void> {
  await writeFile(join(folder, 'package.json'), JSON.stringify({ name: 'framework-apps', private: true, type: 'module' }));
  await npm(['install', '--prefer-offline', '--no-package-lock', '--no-save', tarball], folder);
  for (const name of LINKED) {
    const link = join(folder, 'node_modules', name);
    await mkdir(dirname(link), { recursive: true });
    // npm may have installed one for a peer (@lit/react's @types/react): one copy of each, the lock's.
    await rm(link, { recursive: true, force: true });
    await symlink(join(ROOT, 'node_modules', name), link, 'dir');
  }
  for (const app of ['react', 'vue']) {
    await cp(join(ROOT, 'examples', app), join(folder, app), { recursive: true, filter: (source) => !/node_modules|[/\\]dist$/.test(source) });
  }
}

/** Runs a package's bin from the repository (tsc, vue-tsc, vite) in `cwd`, without colour. */
export async function runTool(bin: string, args: readonly string[], cwd: string): Promise<string> {
  const { stdout, stderr } = await runProcess(process.execPath, [join(ROOT, 'node_modules', bin), ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '' },
  });
  return stdout + stderr;
}
