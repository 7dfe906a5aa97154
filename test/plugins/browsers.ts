import { existsSync } from 'node:fs';
import type { BrowserLauncher } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { firefox, webkit } from 'playwright';
import { CHROME_ARGS, chromeExecutable } from './chrome.js';
import { FirefoxLauncher } from './firefox-launcher.js';
import { WebKitLauncher } from './webkit-launcher.js';

export const ENGINES = ['chromium', 'firefox', 'webkit'] as const;
export type Engine = (typeof ENGINES)[number];

/**
 * The engines to test in: `BROWSERS=chromium` (or `chromium,firefox`, …) while developing;
 * all three when unset, as `npm test` and CI run.
 */
export function selectedEngines(env: NodeJS.ProcessEnv = process.env): Engine[] {
  const asked = (env.BROWSERS ?? '').split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
  if (asked.length === 0) return [...ENGINES];
  const unknown = asked.filter((name) => !(ENGINES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`BROWSERS names ${unknown.join(', ')}; known engines: ${ENGINES.join(', ')}`);
  return ENGINES.filter((engine) => asked.includes(engine));
}

/** The first of `candidates` that exists (an override from the environment comes first). */
function firstExisting(candidates: readonly (string | undefined)[]): string | undefined {
  return candidates.find((path): path is string => path !== undefined && path !== '' && existsSync(path));
}

/** Playwright's own build of an engine, where this machine has one (it cannot download here). */
function playwrightBuild(browser: typeof firefox): string | undefined {
  try {
    return firstExisting([browser.executablePath()]);
  } catch {
    return undefined;
  }
}

export function firefoxExecutable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.FIREFOX_PATH !== undefined && env.FIREFOX_PATH !== '') return env.FIREFOX_PATH;
  return firstExisting(['/usr/bin/firefox-esr', '/usr/bin/firefox']);
}

export function miniBrowserExecutable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.WEBKIT_PATH !== undefined && env.WEBKIT_PATH !== '') return env.WEBKIT_PATH;
  return firstExisting(
    ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0'].flatMap((api) =>
      ['x86_64-linux-gnu', 'aarch64-linux-gnu'].map((arch) => `/usr/lib/${arch}/${api}/MiniBrowser`),
    ),
  );
}

/**
 * The launcher for one engine. Chromium: Playwright driving Debian's Chromium (CHROME_PATH).
 * Firefox: Debian's ESR (FIREFOX_PATH) through puppeteer-core over WebDriver BiDi. WebKit:
 * WebKitGTK's MiniBrowser (WEBKIT_PATH) through WebKitWebDriver. Playwright's own Firefox or
 * WebKit build where there is no system browser and the machine has one.
 */
export function launcherFor(engine: Engine): BrowserLauncher {
  if (engine === 'chromium') {
    const executablePath = chromeExecutable();
    return playwrightLauncher({
      product: 'chromium',
      launchOptions: { ...(executablePath === undefined ? {} : { executablePath }), args: [...CHROME_ARGS], headless: true },
    });
  }
  if (engine === 'firefox') {
    const executable = firefoxExecutable();
    if (executable !== undefined) return new FirefoxLauncher(executable);
    if (playwrightBuild(firefox) !== undefined) return playwrightLauncher({ product: 'firefox', launchOptions: { headless: true } });
    throw new Error(missing('Firefox', 'firefox-esr', 'FIREFOX_PATH'));
  }
  const miniBrowser = miniBrowserExecutable();
  if (miniBrowser !== undefined) return new WebKitLauncher(miniBrowser);
  if (playwrightBuild(webkit) !== undefined) return playwrightLauncher({ product: 'webkit', launchOptions: { headless: true } });
  throw new Error(missing('WebKit', 'webkit2gtk-driver', 'WEBKIT_PATH (MiniBrowser)'));
}

/**
 * Chromium's launcher under another name. Chromium runs every test file, twice as many as each
 * other engine, so its files are shared between two browsers side by side; the name gives the
 * second one servers of its own (test/plugins/servers.ts keeps one set per browser name), as the
 * tests of one browser clear and set faults per target.
 */
export function chromiumLane(name: string): BrowserLauncher {
  const launcher = launcherFor('chromium');
  launcher.name = name;
  return launcher;
}

/** Playwright's Chromium, under whichever lane name (chromiumLane). */
export function isPlaywrightChromium(browser: { readonly type?: string; readonly name: string }): boolean {
  return browser.type === 'playwright' && browser.name.startsWith('Chromium');
}

function missing(name: string, debianPackage: string, variable: string): string {
  return `${name} not found: install ${debianPackage} (bash .ci/run does), set ${variable}, or test in fewer engines with BROWSERS=chromium`;
}
