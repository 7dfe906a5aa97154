import type { BrowserLauncher, SessionResult } from '@web/test-runner';
import { startWebKitDriver, type WebKitDriver } from './webkit-driver.js';
import type { WebDriverSession } from './webdriver-client.js';

/**
 * WebKitGTK (the engine Safari uses) for @web/test-runner: MiniBrowser through WebKitWebDriver,
 * one WebDriver session (a fresh MiniBrowser, fresh website data) per test file, one at a time
 * (WebKitWebDriver drives one session).
 *
 * `type: 'webdriver'` and `sendKeys()` are what @web/test-runner-commands' sendKeys looks for.
 */
/** Longest a new MiniBrowser may take to show a test page before it is given up (see startSession). */
const OPEN_LIMIT_MS = 100_000;

export class WebKitLauncher implements BrowserLauncher {
  readonly name = 'WebKit';
  readonly type = 'webdriver';
  readonly concurrency = 1;
  readonly #miniBrowser: string;
  #driver: Promise<WebKitDriver> | undefined;
  readonly #sessions = new Map<string, { session: WebDriverSession; url: string }>();

  constructor(miniBrowser: string) {
    this.#miniBrowser = miniBrowser;
  }

  /**
   * Opens the page in a new MiniBrowser. A browser that is not showing the page after
   * OPEN_LIMIT_MS is given up with its driver, and one new driver tries once more: in full runs
   * a WebKit test page now and then never started (web-test-runner's start window passed), with
   * the engine otherwise healthy.
   */
  async startSession(sessionId: string, url: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      this.#driver ??= startWebKitDriver(this.#miniBrowser);
      const driver = this.#driver;
      const opening = (async () => {
        const session = await (await driver).newSession();
        await session.navigate(url);
        return session;
      })();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), OPEN_LIMIT_MS);
      });
      const session = await Promise.race([opening, late]).finally(() => clearTimeout(timer));
      if (session !== undefined) {
        this.#sessions.set(sessionId, { session, url });
        return;
      }
      opening.then((abandoned) => abandoned.delete()).catch(() => undefined);
      this.#driver = undefined;
      await (await driver.catch(() => undefined))?.stop();
      if (attempt >= 2) throw new Error(`WebKit did not open ${url} within ${OPEN_LIMIT_MS / 1000} s, twice`);
      console.warn(`WebKit did not open a test page within ${OPEN_LIMIT_MS / 1000} s: trying once more with a new driver`);
    }
  }

  isActive(sessionId: string): boolean {
    return this.#sessions.has(sessionId);
  }

  /** The URL it was sent to: asking the driver would wait behind the page's own work. */
  getBrowserUrl(sessionId: string): string | undefined {
    return this.#sessions.get(sessionId)?.url;
  }

  async sendKeys(sessionId: string, keys: readonly string[]): Promise<void> {
    const found = this.#sessions.get(sessionId);
    if (found === undefined) throw new Error(`no WebKit session ${sessionId}`);
    await found.session.pressKeys(keys);
  }

  async stopSession(sessionId: string): Promise<SessionResult> {
    const found = this.#sessions.get(sessionId);
    this.#sessions.delete(sessionId);
    await found?.session.delete();
    return {};
  }

  startDebugSession(): Promise<void> {
    return Promise.reject(new Error('debugging is not supported in the WebKit launcher; run with BROWSERS=chromium'));
  }

  async stop(): Promise<void> {
    const driver = this.#driver;
    this.#driver = undefined;
    await (await driver)?.stop();
  }
}
