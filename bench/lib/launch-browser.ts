import { readFileSync, readdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright';
import { CHROME_ARGS } from '../../test/plugins/chrome.js';

/** The pids of this process's children whose command line names a Chromium browser process. */
function browserChildren(): Set<number> {
  const found = new Set<number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (/chrom/i.test(cmdline) && !cmdline.includes('--type=')) found.add(Number(name));
    } catch {
      // The process ended between listing and reading.
    }
  }
  return found;
}

/**
 * A headless Chromium launched in this process, and its process id (0 off Linux) for the CPU
 * and memory figures.
 *
 * Note: not `launchServer()` + `connect()`, although only a browser server tells its pid: over
 * such a connection Playwright treats the browser as remote, and `setInputFiles` then streams
 * the whole file through its (deflated) web socket. At 1 GiB that kept this process busy for
 * minutes before the upload could start, with the browser idle.
 */
export async function launchBrowser(executablePath: string | undefined): Promise<{ browser: Browser; pid: number }> {
  let before = new Set<number>();
  try {
    before = browserChildren();
  } catch {
    // No /proc: no pid, and no CPU or memory figures.
  }
  const browser = await chromium.launch({ ...(executablePath === undefined ? {} : { executablePath }), args: [...CHROME_ARGS], headless: true });
  let pid = 0;
  try {
    pid = [...browserChildren()].find((candidate) => !before.has(candidate)) ?? 0;
  } catch {
    // As above.
  }
  return { browser, pid };
}
