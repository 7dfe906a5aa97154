import { existsSync } from 'node:fs';

/**
 * Which Chromium to drive: CHROME_PATH when set, else Debian's /usr/bin/chromium, else the
 * browser Playwright installed (undefined lets Playwright pick its own).
 */
export function chromeExecutable(): string | undefined {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(candidate)) return candidate;
  return undefined;
}

/** Flags headless Chromium needs here: no sandbox as root, and no calls home on a closed network. */
export const CHROME_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];
