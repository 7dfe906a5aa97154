import type { BrowserLauncher, SessionResult } from '@web/test-runner';
import { launch, type Browser, type BrowserContext, type KeyInput, type Page } from 'puppeteer-core';

/**
 * Firefox for @web/test-runner through puppeteer-core over WebDriver BiDi (no geckodriver).
 * Like the Playwright launcher, every test file gets a browser context of its own (its own
 * IndexedDB, storage and locks) in one browser process started on first use.
 *
 * `type: 'puppeteer'` and `getPage()` are what @web/test-runner-commands looks for, so
 * `sendKeys` and the other page commands work as they do with @web/test-runner-puppeteer.
 */
const FILES_PER_BROWSER = 8;

export class FirefoxLauncher implements BrowserLauncher {
  readonly name = 'Firefox';
  readonly type = 'puppeteer';
  readonly #executablePath: string;
  #browser: Promise<Browser> | undefined;
  readonly #sessions = new Map<string, { context: BrowserContext; page: Page }>();
  /** Files run in the current browser process. */
  #filesInBrowser = 0;

  constructor(executablePath: string) {
    this.#executablePath = executablePath;
  }

  #start(): Promise<Browser> {
    if (this.#browser !== undefined) return this.#browser;
    const started = launch({
      browser: 'firefox',
      executablePath: this.#executablePath,
      headless: true,
      // Note: no BiDi network events. With them puppeteer also asks Firefox to keep every
      // request and response body (20 MB collectors), and Firefox ESR 140.12's parent process
      // crashed (a minidump, every child "Exiting due to channel error") in the conformance
      // suite's part uploads; no test here reads the network through the page.
      networkEnabled: false,
      dumpio: process.env.FIREFOX_DUMPIO === '1',
      extraPrefsFirefox: {
        // A closed network: no update checks, telemetry or first-run pages.
        'app.update.enabled': false,
        'browser.shell.checkDefaultBrowser': false,
        'datareporting.policy.dataSubmissionEnabled': false,
        'toolkit.telemetry.enabled': false,
        // Worker-heavy pages in a background tab must not be throttled while a test waits.
        'dom.min_background_timeout_value': 4,
      },
    });
    // A browser that exits (a crash) is launched again for the next file rather than failing
    // every file after it; the file it died in still fails.
    void started.then(
      (browser) =>
        browser.once('disconnected', () => {
          if (this.#browser === started) this.#browser = undefined;
        }),
      () => {
        if (this.#browser === started) this.#browser = undefined;
      },
    );
    this.#browser = started;
    this.#filesInBrowser = 0;
    return started;
  }

  async startSession(sessionId: string, url: string): Promise<void> {
    // Note: a fresh process every few files. Firefox ESR 140.12 once exited late in a full run
    // (28 files in one process) and not when the same files ran alone; a new process costs
    // about 2 s and bounds whatever a long-lived one gathers.
    if (this.#filesInBrowser >= FILES_PER_BROWSER && this.#sessions.size === 0) await this.stop();
    const browser = await this.#start();
    this.#filesInBrowser += 1;
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    namesSpaceKey(page);
    this.#sessions.set(sessionId, { context, page });
    await setViewport(page, { width: 800, height: 600 });
    await page.goto(url);
  }

  isActive(sessionId: string): boolean {
    return this.#sessions.has(sessionId);
  }

  getBrowserUrl(sessionId: string): string | undefined {
    return this.#sessions.get(sessionId)?.page.url();
  }

  getPage(sessionId: string): Page {
    const session = this.#sessions.get(sessionId);
    if (session === undefined) throw new Error(`no Firefox page for session ${sessionId}`);
    return session.page;
  }

  async stopSession(sessionId: string): Promise<SessionResult> {
    const session = this.#sessions.get(sessionId);
    this.#sessions.delete(sessionId);
    await session?.context.close();
    return {};
  }

  startDebugSession(): Promise<void> {
    return Promise.reject(new Error('debugging is not supported in the Firefox launcher; run with BROWSERS=chromium'));
  }

  async stop(): Promise<void> {
    const browser = this.#browser;
    this.#browser = undefined;
    await (await browser)?.close();
  }
}

/**
 * puppeteer's WebDriver BiDi keyboard knows no key named "Space" (its CDP keyboard, Playwright
 * and WebDriver do; it throws `Unknown key: "Space"`), so sendKeys({ press: 'Space' }) is sent
 * as the space character, which is the same key.
 */
function namesSpaceKey(page: Page): void {
  const keyboard = page.keyboard;
  const space = (key: KeyInput): KeyInput => (key === ('Space' as KeyInput) ? ' ' : key);
  const press = keyboard.press.bind(keyboard);
  const down = keyboard.down.bind(keyboard);
  const up = keyboard.up.bind(keyboard);
  keyboard.press = (key, options) => press(space(key), options);
  keyboard.down = (key, options) => down(space(key), options);
  keyboard.up = (key) => up(space(key));
}

/**
 * Sets the page's viewport. puppeteer-core sends the screen orientation along with the viewport,
 * a BiDi command Firefox ESR 140.12 does not know: the viewport is set all the same (checked:
 * innerWidth and innerHeight follow it), so that refusal alone is let through.
 */
async function setViewport(page: Page, viewport: { width: number; height: number }): Promise<void> {
  try {
    await page.setViewport(viewport);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('unknown command emulation.setScreenOrientationOverride')) throw error;
  }
}
