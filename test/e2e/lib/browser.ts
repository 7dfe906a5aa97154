import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright';
import { CHROME_ARGS, chromeExecutable } from '../../plugins/chrome.js';

const executablePath = chromeExecutable();
const launchOptions = { ...(executablePath === undefined ? {} : { executablePath }), args: [...CHROME_ARGS], headless: true };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch(launchOptions);
}

/**
 * A browser on a profile directory of its own, which outlives the browser (crash tests).
 * `blockCookies` sets the profile's "Block all cookies" preference before the first launch:
 * Chromium then refuses IndexedDB, Web Locks, the origin private file system and localStorage.
 */
export async function launchProfile(userDataDir: string, options: { blockCookies?: boolean } = {}): Promise<BrowserContext> {
  if (options.blockCookies === true) {
    await mkdir(join(userDataDir, 'Default'), { recursive: true });
    const preferences = { profile: { default_content_setting_values: { cookies: 2 } } };
    await writeFile(join(userDataDir, 'Default', 'Preferences'), JSON.stringify(preferences));
  }
  return chromium.launchPersistentContext(userDataDir, launchOptions);
}

/** Process ids whose command line runs Chromium on this profile directory. */
async function profileProcesses(userDataDir: string): Promise<{ pid: number; main: boolean }[]> {
  const found: { pid: number; main: boolean }[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const args = await readFile(`/proc/${name}/cmdline`, 'utf8').then(
      (text) => text.split('\0'),
      () => [] as string[],
    );
    if (!args.includes(`--user-data-dir=${userDataDir}`)) continue;
    found.push({ pid: Number(name), main: !args.some((arg) => arg.startsWith('--type=')) });
  }
  return found;
}

/** The main process id of the browser running on `userDataDir`. */
export async function profileBrowserPid(userDataDir: string): Promise<number> {
  const main = (await profileProcesses(userDataDir)).find((p) => p.main);
  if (main === undefined) throw new Error(`no browser is running on ${userDataDir}`);
  return main.pid;
}

/**
 * Kills the browser running on `userDataDir` the hard way (SIGKILL to its main process, like a
 * crash or a power cut: no unload, no flush), then waits until all its processes are gone,
 * killing any helper that outlives its parent by its id. Given `mainPid` (profileBrowserPid,
 * found ahead), the kill lands at once instead of after a search of /proc.
 */
export async function killProfileBrowser(userDataDir: string, mainPid?: number): Promise<number> {
  const pid = mainPid ?? (await profileBrowserPid(userDataDir));
  process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + 20_000;
  for (let left = await profileProcesses(userDataDir); left.length > 0; left = await profileProcesses(userDataDir)) {
    if (Date.now() > deadline) for (const { pid } of left) process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return pid;
}
