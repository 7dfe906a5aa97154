/**
 * The few W3C WebDriver (classic) commands our tests need, over fetch: enough to drive
 * WebKitGTK's MiniBrowser through WebKitWebDriver without a client library.
 */

/** WebDriver's key codes for the key names @web/test-runner-commands' sendKeys uses. */
const KEY_CODES: Readonly<Record<string, string>> = {
  Enter: '\uE007',
  Tab: '\uE004',
  Space: '\uE00D',
  Escape: '\uE00C',
  Backspace: '\uE003',
  Delete: '\uE017',
  Home: '\uE011',
  End: '\uE010',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Shift: '\uE008',
};

const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

export interface WebElement {
  readonly [ELEMENT_KEY]: string;
}

export class WebDriverError extends Error {
  readonly error: string;
  constructor(error: string, message: string) {
    super(`${error}: ${message}`);
    this.error = error;
  }
}

export class WebDriverSession {
  readonly id: string;
  readonly #base: string;

  private constructor(base: string, id: string) {
    this.#base = base;
    this.id = id;
  }

  static async create(driverUrl: string, capabilities: Readonly<Record<string, unknown>>): Promise<WebDriverSession> {
    const value = (await command(`${driverUrl}/session`, 'POST', { capabilities: { alwaysMatch: capabilities } })) as { sessionId: string };
    return new WebDriverSession(`${driverUrl}/session/${value.sessionId}`, value.sessionId);
  }

  navigate(url: string): Promise<unknown> {
    return command(`${this.#base}/url`, 'POST', { url });
  }

  async currentUrl(): Promise<string> {
    return (await command(`${this.#base}/url`, 'GET')) as string;
  }

  refresh(): Promise<unknown> {
    return command(`${this.#base}/refresh`, 'POST', {});
  }

  /** Runs `body` (a function's source) with `args`; a returned element comes back as a WebElement. */
  async execute<T>(body: string, args: readonly unknown[] = []): Promise<T> {
    return (await command(`${this.#base}/execute/sync`, 'POST', { script: body, args })) as T;
  }

  /** Types into an element; for `<input type="file">` the text is the path of the file to pick. */
  sendKeysToElement(element: WebElement, text: string): Promise<unknown> {
    return command(`${this.#base}/element/${element[ELEMENT_KEY]}/value`, 'POST', { text });
  }

  /** Presses and releases each key in turn on the focused element (names as in sendKeys). */
  pressKeys(keys: readonly string[]): Promise<unknown> {
    const actions = keys.flatMap((key) => {
      const value = KEY_CODES[key] ?? key;
      return [
        { type: 'keyDown', value },
        { type: 'keyUp', value },
      ];
    });
    return command(`${this.#base}/actions`, 'POST', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  }

  async delete(): Promise<void> {
    await command(this.#base, 'DELETE');
  }
}

async function command(url: string, method: 'GET' | 'POST' | 'DELETE', body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const answer = (await response.json().catch(() => ({}))) as { value?: { error?: string; message?: string } | unknown };
  const value = answer.value as { error?: string; message?: string } | undefined;
  if (!response.ok || (value !== null && typeof value === 'object' && typeof value.error === 'string')) {
    throw new WebDriverError(value?.error ?? `HTTP ${response.status}`, value?.message ?? '');
  }
  return answer.value;
}

/** Waits until a WebDriver server answers /status. */
export async function waitForDriver(driverUrl: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${driverUrl}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no WebDriver at ${driverUrl} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
