import type { Browser as PlaywrightBrowser, BrowserContext, Page as PlaywrightPage } from 'playwright';
import { launch as launchPuppeteer, type Browser as PuppeteerBrowser, type BrowserContext as PuppeteerContext, type Page as PuppeteerPage } from 'puppeteer-core';
import { firefoxExecutable, miniBrowserExecutable, type Engine } from '../../plugins/browsers.js';
import type { WebDriverSession, WebElement } from '../../plugins/webdriver-client.js';
import { startWebKitDriver, type WebKitDriver } from '../../plugins/webkit-driver.js';
import { launchBrowser } from './browser.js';

/**
 * One page in any of the three engines, with only what the engine-independent e2e tests use:
 * Chromium through Playwright, Firefox through puppeteer-core (WebDriver BiDi), WebKitGTK
 * through WebKitWebDriver (classic WebDriver). Each page has its own browser context (WebKit:
 * its own MiniBrowser), so its IndexedDB starts empty and survives its reloads.
 */
export interface EnginePage {
  readonly engine: Engine;
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /** Runs a self-contained function in the page (it is sent as source) and returns its result. */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Picks a file on disk through the element's own `<input type="file">`. */
  pickFile(path: string): Promise<void>;
  /**
   * Uncaught errors and unhandled rejections the page met. Chromium and Firefox report them
   * from the start of each load; WebKit's driver cannot listen, so there they are collected by
   * a listener installed right after each load (an error during the load itself is missed).
   */
  errors(): Promise<string[]>;
  close(): Promise<void>;
}

export interface EngineBrowser {
  readonly engine: Engine;
  newPage(): Promise<EnginePage>;
  close(): Promise<void>;
}

export async function launchEngine(engine: Engine): Promise<EngineBrowser> {
  if (engine === 'chromium') return chromiumBrowser(await launchBrowser());
  if (engine === 'firefox') {
    const executablePath = firefoxExecutable();
    if (executablePath === undefined) throw new Error('Firefox not found: install firefox-esr or set FIREFOX_PATH');
    return firefoxBrowser(await launchPuppeteer({ browser: 'firefox', executablePath, headless: true }));
  }
  const miniBrowser = miniBrowserExecutable();
  if (miniBrowser === undefined) throw new Error('WebKit not found: install webkit2gtk-driver or set WEBKIT_PATH');
  return webkitBrowser(await startWebKitDriver(miniBrowser));
}

const INPUT = 'input[type="file"]';

function chromiumBrowser(browser: PlaywrightBrowser): EngineBrowser {
  return {
    engine: 'chromium',
    async newPage() {
      const context: BrowserContext = await browser.newContext();
      const page: PlaywrightPage = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
      return {
        engine: 'chromium',
        goto: async (url) => void (await page.goto(url)),
        reload: async () => void (await page.reload()),
        evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
        pickFile: (path) => page.locator(`chunk-uploader ${INPUT}`).setInputFiles(path),
        errors: () => Promise.resolve([...errors]),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

function firefoxBrowser(browser: PuppeteerBrowser): EngineBrowser {
  return {
    engine: 'firefox',
    async newPage() {
      const context: PuppeteerContext = await browser.createBrowserContext();
      const page: PuppeteerPage = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => {
        const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        // Firefox reports the Vite client's refused WebSocket (the rig serves without HMR, but
        // Vite still loads its client) as a page error; Chromium only logs it.
        if (!/can.t establish a connection to the server at ws:/.test(text)) errors.push(text);
      });
      return {
        engine: 'firefox',
        goto: async (url) => void (await page.goto(url)),
        reload: async () => void (await page.reload()),
        evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
        async pickFile(path) {
          const input = await page.$(`chunk-uploader >>> ${INPUT}`);
          if (input === null) throw new Error('the element has no file input');
          await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(path);
        },
        errors: () => Promise.resolve([...errors]),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

/** Page-side error collector for WebKit (see EnginePage.errors). */
const COLLECT_ERRORS = `
  if (!window.__e2eErrors) {
    window.__e2eErrors = [];
    addEventListener('error', (e) => window.__e2eErrors.push(String(e.error && e.error.name ? e.error.name + ': ' + e.error.message : e.message)));
    addEventListener('unhandledrejection', (e) => window.__e2eErrors.push(String(e.reason && e.reason.name ? e.reason.name + ': ' + e.reason.message : e.reason)));
  }`;

function webkitBrowser(driver: WebKitDriver): EngineBrowser {
  const open = new Set<WebDriverSession>();
  return {
    engine: 'webkit',
    async newPage() {
      const session = await driver.newSession();
      open.add(session);
      const seen: string[] = [];
      // Errors of a page that is about to go away (a reload) are kept, as the other engines do.
      const harvest = async (): Promise<void> => {
        seen.push(...((await session.execute<string[] | null>('return window.__e2eErrors || []')) ?? []));
      };
      return {
        engine: 'webkit',
        async goto(url) {
          await session.navigate(url);
          await session.execute(COLLECT_ERRORS);
        },
        async reload() {
          await harvest();
          await session.refresh();
          await session.execute(COLLECT_ERRORS);
        },
        evaluate: (fn, arg) => session.execute(`return (${fn.toString()})(arguments[0]);`, [arg]),
        async pickFile(path) {
          const input = await session.execute<WebElement | null>(
            `return document.querySelector('chunk-uploader')?.shadowRoot?.querySelector('${INPUT}') ?? null;`,
          );
          if (input === null) throw new Error('the element has no file input');
          await session.sendKeysToElement(input, path);
        },
        async errors() {
          return [...seen, ...((await session.execute<string[] | null>('return window.__e2eErrors || []')) ?? [])];
        },
        async close() {
          open.delete(session);
          await session.delete();
        },
      };
    },
    async close() {
      await Promise.all([...open].map((session) => session.delete().catch(() => undefined)));
      await driver.stop();
    },
  };
}

/** Polls `check` in the page every 50 ms until it returns true; a thrown error fails at once. */
export async function waitInPage<A>(page: EnginePage, what: string, check: (arg: A) => boolean, arg: A, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(check, arg))) {
    if (Date.now() > deadline) throw new Error(`${page.engine}: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
