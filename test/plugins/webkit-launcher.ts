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

  async startSession(sessionId: string, url: string): Promise<void> {
    this.#driver ??= startWebKitDriver(this.#miniBrowser);
    const session = await (await this.#driver).newSession();
    this.#sessions.set(sessionId, { session, url });
    await session.navigate(url);
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
